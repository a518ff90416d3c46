import assert from "node:assert/strict";
import { ManualClock, type Pid, TIMEOUT } from "../../lib/actor/mod.ts";
import { idle, testRuntime } from "../_support.ts";

Deno.test("01 spawn_send_receive: spawn returns at once, send returns the message, a returning body exits normal", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const echo = self.spawn(async function* (s) {
      const m = yield* s.receive((_x): _x is { from: Pid; body: string } =>
        true
      );
      s.send(m.from, m.body.toUpperCase());
    });
    assert.equal(self.alive(echo), true);
    const ref = self.monitor(echo);
    const sent = self.send(echo, { from: self.pid, body: "hi" });
    assert.deepEqual(sent, { from: self.pid, body: "hi" });
    const reply = yield* self.receive();
    const down = yield* self.receive();
    self.send(self.pid, "to self");
    assert.equal(self.info(self.pid, "message_queue_len"), 1);
    const mine = yield* self.receive(undefined, { after: 0 });
    self.send(echo, "dropped"); // a dead pid: silently dropped
    return { reply, mine, down, ref };
  });
  assert.equal(got.reply, "HI");
  assert.equal(got.mine, "to self");
  assert.deepEqual(got.down, {
    type: "DOWN",
    ref: got.ref,
    pid: (got.down as { pid: Pid }).pid,
    reason: "normal",
  });
});

Deno.test("02 fifo_per_sender: one sender's messages arrive in order, interleaved with another's", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const me = self.pid;
    for (const tag of ["a", "b"]) {
      self.spawn(async function* (s) {
        for (let i = 0; i < 50; i++) {
          s.send(me, `${tag}${i}`);
          if (i % 7 === 0) yield;
        }
      });
    }
    const all: string[] = [];
    while (all.length < 100) all.push((yield* self.receive()) as string);
    return all;
  });
  for (const tag of ["a", "b"]) {
    const mine = got.filter((m) => m.startsWith(tag));
    assert.deepEqual(mine, Array.from({ length: 50 }, (_, i) => `${tag}${i}`));
  }
});

Deno.test("03 selective_receive: mailbox order beats clause order, skipped messages stay in order", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    for (const m of ["x", 1, "y", 2, { ref: 7 }, { ref: 8 }]) {
      self.send(self.pid, m);
    }
    // Two clauses (numbers, or the string "y"): the oldest message matching either wins.
    const first = yield* self.receive((m): m is number | "y" =>
      typeof m === "number" || m === "y"
    );
    // A guard is part of the match; a pinned ref matches only its own reply.
    const big = yield* self.receive((m): m is number =>
      typeof m === "number" && m > 1
    );
    const pinned = yield* self.receive((m): m is { ref: number } =>
      (m as { ref?: number }).ref === 8
    );
    return { first, big, pinned, left: self.info(self.pid, "messages") };
  });
  assert.equal(got.first, 1);
  assert.equal(got.big, 2);
  assert.deepEqual(got.pinned, { ref: 8 });
  assert.deepEqual(got.left, ["x", "y", { ref: 7 }]);
});

Deno.test("04 receive_after: the timeout runs from the start of the receive; non-matching arrivals do not restart it", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const outcome: unknown[] = [];
  const pid = rt.spawn(async function* (self) {
    outcome.push(
      yield* self.receive((m): m is "go" => m === "go", { after: 100 }),
    );
    outcome.push(clock.now());
    outcome.push(yield* self.receive(undefined, { after: 0 })); // after 0 looks only at what is there
    outcome.push(
      yield* self.receive((m): m is "late" => m === "late", { after: 0 }),
    );
    outcome.push(
      yield* self.receive((m): m is "go" => m === "go", { after: 50 }),
    );
    outcome.push(clock.now());
  });
  await rt.run(async function* (s) {
    yield* s.sleep(0);
  });
  for (let t = 0; t < 3; t++) {
    rt.send(pid, `noise${t}`);
    clock.advance(30); // 30, 60, 90: noise keeps arriving, the deadline stays at 100
    await Promise.resolve();
  }
  clock.advance(10);
  const down = rt.monitor(pid);
  await new Promise((r) => setTimeout(r, 0));
  rt.send(pid, "go");
  await down;
  assert.deepEqual(outcome, [TIMEOUT, 100, "noise0", TIMEOUT, "go", 100]);
});

Deno.test("04 receive_after: after 0 leaves non-matching messages; infinity waits for a match", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.send(self.pid, "keep");
    const none = yield* self.receive((m): m is "other" => m === "other", {
      after: 0,
    });
    const me = self.pid;
    self.spawn(async function* (s) {
      yield* s.sleep(5);
      s.send(me, "wake");
    });
    const woke = yield* self.receive((m): m is "wake" => m === "wake");
    return { none, woke, left: self.info(self.pid, "messages") };
  });
  assert.equal(got.none, TIMEOUT);
  assert.equal(got.woke, "wake");
  assert.deepEqual(got.left, ["keep"]);
});

Deno.test("scheduler: a process that keeps yielding cannot starve the rest, nor the host's timers", async () => {
  await using rt = testRuntime();
  let spins = 0;
  rt.spawn(async function* (self) {
    const me = self.pid;
    for (;;) {
      self.send(me, spins++);
      yield* self.receive();
    }
  });
  const tick = await rt.run(async function* (self) {
    yield* self.sleep(20);
    return "slept";
  });
  const host = await new Promise((r) => setTimeout(() => r("host timer"), 5));
  assert.equal(tick, "slept");
  assert.equal(host, "host timer");
  assert.ok(spins > 100);
});

Deno.test("scheduler: a body awaiting I/O holds only itself", async () => {
  await using rt = testRuntime();
  let release!: () => void;
  const io = new Promise<void>((r) => (release = r));
  const slow = rt.spawn(async function* () {
    await io;
  });
  const other = await rt.run(async function* (self) {
    yield* self.sleep(1);
    return self.info(slow, "status");
  });
  assert.equal(other, "running");
  const down = rt.monitor(slow);
  release();
  assert.equal((await down).reason, "normal");
});

Deno.test("scheduler: thousands of processes run at once", async () => {
  await using rt = testRuntime();
  const n = 5000;
  const total = await rt.run(async function* (self) {
    const me = self.pid;
    for (let i = 0; i < n; i++) {
      const pid = self.spawn(async function* (s) {
        const k = yield* s.receive((m): m is number => typeof m === "number");
        s.send(me, k * 2);
      });
      self.send(pid, i);
    }
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (yield* self.receive()) as number;
    return sum;
  });
  assert.equal(total, n * (n - 1));
  assert.equal(rt.processCount, 0);
});

Deno.test("28 process_info_alive: status is waiting while blocked in receive, running for the caller", async () => {
  await using rt = testRuntime();
  const pid = rt.spawn(idle);
  const got = await rt.run(async function* (s) {
    yield* s.sleep(1);
    return [s.info(pid, "status"), s.info(s.pid, "status")];
  });
  assert.deepEqual(got, ["waiting", "running"]);
});
