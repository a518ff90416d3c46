import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import {
  Floor,
  type FloorDown,
  type FloorProc,
} from "../../bench/floor_scheduler.ts";
import { call } from "../../bench/floor_gen_server.ts";
import { floorEngine, servyEngine } from "../../bench/runtime.ts";
import * as asyncWorkloads from "../../bench/workloads_async.ts";
import * as syncWorkloads from "../../bench/workloads_sync.ts";
import { startRuntime } from "../../lib/actor/mod.ts";

const KINDS = [["async", asyncWorkloads], ["sync", syncWorkloads]] as const;

for (const [kind, w] of KINDS) {
  Deno.test(`floor ${kind}: the bench's workloads compute their results`, async () => {
    const eng = floorEngine(new Floor(), kind);
    assert.equal(await w.spawnExit(eng, 10), 10);
    assert.equal(await w.ring(eng, 10, 5), 5);
    assert.equal(await w.ring(eng, 1, 3), 3);
    assert.equal(await w.pingPong(eng, 50), 50);
    assert.deepEqual(await w.calls(eng, 20), [0, 20]);
    const pids = w.spawnIdle(eng, 5) as FloorProc[];
    await eng.settled();
    assert.ok(pids.every((p) => p.alive));
    for (const p of pids) eng.send(p, "other");
    await eng.settled();
    assert.ok(pids.every((p) => p.alive), 'only "stop" ends them');
    for (const p of pids) eng.send(p, "stop");
    await eng.settled();
    assert.ok(pids.every((p) => !p.alive));
  });

  Deno.test(`servy ${kind}: the bench's workloads compute their results`, async () => {
    await using rt = startRuntime();
    const eng = servyEngine(rt);
    assert.equal(await w.spawnExit(eng, 10), 10);
    assert.equal(await w.ring(eng, 10, 5), 5);
    assert.equal(await w.pingPong(eng, 50), 50);
    assert.deepEqual(await w.calls(eng, 20), [0, 20]);
  });
}

Deno.test("floor: workloads_sync.ts is workloads_async.ts with function* bodies", () => {
  const read = (f: string) =>
    readFileSync(new URL(`../../bench/${f}`, import.meta.url), "utf8");
  const strip = (s: string) =>
    s.replaceAll("async function*", "function*").split("\n").slice(8);
  assert.deepEqual(
    strip(read("workloads_sync.ts")),
    strip(read("workloads_async.ts")),
  );
});

Deno.test("floor receive: takes the oldest matching message and keeps the others in order", async () => {
  const floor = new Floor();
  const got = await floor.run(function* (self) {
    for (const m of [1, "a", 2, "b", 3]) self.send(self, m);
    const s = yield* self.receive((m) => typeof m === "string");
    const rest = [];
    for (let i = 0; i < 4; i++) rest.push(yield* self.receive());
    return [s, rest];
  });
  assert.deepEqual(got, ["a", [1, 2, "b", 3]]);
});

Deno.test("floor receive: a waiting process is woken only by a matching message", async () => {
  const floor = new Floor();
  const got = await floor.run(async function* (self) {
    const child = self.spawn(async function* (s) {
      const m = yield* s.receive((m) => m === "go");
      const next = yield* s.receive();
      s.send(self, [m, next]);
    });
    self.send(child, "early");
    self.send(child, "go");
    return yield* self.receive();
  });
  assert.deepEqual(got, ["go", "early"]);
});

Deno.test("floor monitor: DOWN with the exit reason, :noproc for a dead process", async () => {
  const floor = new Floor();
  const got = await floor.run(function* (self) {
    const crasher = self.spawn(function* () {
      throw new Error("boom");
    });
    const ref = self.monitor(crasher);
    const d = (yield* self.receive()) as FloorDown;
    const again = self.monitor(crasher);
    const d2 = (yield* self.receive()) as FloorDown;
    return [
      d.ref === ref,
      d.pid === crasher,
      d.reason,
      d2.ref === again,
      d2.reason,
    ];
  });
  const [sameRef, samePid, reason, sameRef2, reason2] = got as unknown[];
  assert.equal(sameRef, true);
  assert.equal(samePid, true);
  assert.equal((reason as { error: Error }).error.message, "boom");
  assert.deepEqual([sameRef2, reason2], [true, "noproc"]);
});

Deno.test("floor demonitor: flushes a DOWN already in the mailbox and stops the next", async () => {
  const floor = new Floor();
  const got = await floor.run(function* (self) {
    const a = self.spawn(function* () {});
    const ra = self.monitor(a);
    const b = self.spawn(function* (s) {
      yield* s.receive();
      s.send(self, "b exits");
    });
    const rb = self.monitor(b);
    self.spawn(function* (s) {
      s.send(self, "marker"); // runs after a has exited
    });
    yield* self.receive((m) => m === "marker"); // a's DOWN waits in the mailbox
    self.send(self, "kept");
    self.demonitor(ra);
    self.demonitor(rb);
    self.send(b, "stop");
    const ms = [yield* self.receive(), yield* self.receive()];
    self.send(self, "last"); // after b's DOWN, if one came
    ms.push(yield* self.receive());
    return ms;
  });
  assert.deepEqual(got, ["kept", "b exits", "last"]);
});

Deno.test("floor call: the caller throws when the server has exited", async () => {
  const floor = new Floor();
  const dead = floor.spawn(function* () {});
  await delay(0);
  await assert.rejects(
    floor.run(function* (self) {
      return yield* call(self, dead, "get");
    }),
    /call failed: noproc/,
  );
});

Deno.test("floor run: rejects with the body's error", async () => {
  const floor = new Floor();
  await assert.rejects(
    floor.run(async function* () {
      throw new RangeError("bad");
    }),
    RangeError,
  );
});

Deno.test("floor fairness: a process whose messages are always there lets the queue run", async () => {
  const floor = new Floor();
  const order: string[] = [];
  const got = await floor.run(function* (self) {
    for (let i = 0; i < 2000; i++) self.send(self, i);
    self.spawn(function* () {
      order.push("other");
    });
    for (let i = 0; i < 2000; i++) {
      yield* self.receive();
      if (i === 1999) order.push("done");
    }
    return order;
  });
  assert.deepEqual(got, ["other", "done"]);
});

Deno.test("floor fairness: processes that keep each other busy let a host timer fire", async () => {
  const floor = new Floor();
  let stop = false;
  const timer = delay(0).then(() => (stop = true));
  const rounds = await floor.run(function* (self) {
    const echo = self.spawn(function* (s) {
      for (;;) s.send(self, yield* s.receive());
    });
    let n = 0;
    while (!stop && n < 1_000_000) {
      self.send(echo, n++);
      yield* self.receive();
    }
    return stop;
  });
  assert.equal(rounds, true, "the timer fired before a million rounds");
  await timer;
});
