import assert from "node:assert/strict";
import { type Down, isDown, TIMEOUT, Tuple } from "../../lib/actor/mod.ts";
import { exitOnMessage, idle, testRuntime } from "../_support.ts";

Deno.test("19 monitor_down: each call gives a new ref and exactly one DOWN with the exit reason", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const target = self.spawn(exitOnMessage);
    const r1 = self.monitor(target);
    const r2 = self.monitor(target);
    self.send(target, "kaboom");
    const d1 = yield* self.receive(isDown);
    const d2 = yield* self.receive(isDown);
    const extra = yield* self.receive(isDown, { after: 5 });
    return { r1, r2, d1, d2, extra, target, alive: self.alive(self.pid) };
  });
  assert.notEqual(got.r1, got.r2);
  assert.deepEqual(got.d1, {
    type: "DOWN",
    ref: got.r1,
    pid: got.target,
    reason: "kaboom",
  });
  assert.deepEqual(got.d2, {
    type: "DOWN",
    ref: got.r2,
    pid: got.target,
    reason: "kaboom",
  });
  assert.equal(typeof got.extra, "symbol");
});

Deno.test("20 monitor_dead_or_name: a dead pid or free name gives DOWN :noproc; a name reports {name, node}; self creates nothing", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    const rDead = self.monitor(dead);
    const dDead = yield* self.receive(isDown);
    const rFree = self.monitor("nobody");
    const dFree = yield* self.receive(isDown);
    const worker = self.spawn(exitOnMessage);
    self.register(worker, "worker");
    const rName = self.monitor("worker");
    const monitors = self.info(self.pid, "monitors");
    self.send("worker", "kaboom");
    const dName = yield* self.receive(isDown);
    const rSelf = self.monitor(self.pid);
    return {
      rDead,
      dDead,
      dead,
      rFree,
      dFree,
      rName,
      dName,
      monitors,
      rSelf,
      after: self.info(self.pid, "monitors"),
    };
  });
  assert.deepEqual(got.dDead, {
    type: "DOWN",
    ref: got.rDead,
    pid: got.dead,
    reason: "noproc",
  });
  assert.deepEqual(got.dFree, {
    type: "DOWN",
    ref: got.rFree,
    pid: new Tuple("nobody", "nonode@nohost"),
    reason: "noproc",
  });
  assert.deepEqual(got.dName, {
    type: "DOWN",
    ref: got.rName,
    pid: new Tuple("worker", "nonode@nohost"),
    reason: "kaboom",
  });
  assert.deepEqual(got.monitors, [{
    type: "process",
    pid: new Tuple("worker", "nonode@nohost"),
  }]);
  assert.deepEqual(got.after, []);
});

Deno.test("21 demonitor_flush: demonitor leaves a delivered DOWN unless flush; info tells whether a monitor was removed", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const t1 = self.spawn(exitOnMessage);
    const r1 = self.monitor(t1);
    self.send(t1, "bye");
    yield* self.sleep(1);
    const keep = self.demonitor(r1);
    const left = self.info(self.pid, "message_queue_len");
    const t2 = self.spawn(exitOnMessage);
    const r2 = self.monitor(t2);
    self.send(t2, "bye");
    yield* self.sleep(1);
    const gone = self.demonitor(r2, { flush: true, info: true });
    const flushed = self.info(self.pid, "message_queue_len");
    const t3 = self.spawn(exitOnMessage);
    const r3 = self.monitor(t3);
    const active = self.demonitor(r3, { info: true });
    self.send(t3, "bye");
    const never = yield* self.receive(
      (m): m is Down => isDown(m) && m.ref === r3,
      { after: 0 },
    );
    yield* self.sleep(2);
    const stillNone = self.info(self.pid, "message_queue_len");
    return {
      keep,
      left,
      gone,
      flushed,
      active,
      never,
      stillNone,
      unknown: self.demonitor(self.makeRef()),
    };
  });
  assert.equal(got.keep, true);
  assert.equal(got.left, 1);
  assert.equal(got.gone, false); // its DOWN had already been delivered
  assert.equal(got.flushed, 1); // only the first DOWN is left
  assert.equal(got.active, true);
  assert.equal(typeof got.never, "symbol");
  assert.equal(got.stillNone, 1); // only the first DOWN, never one for r3
  assert.equal(got.unknown, true);
});

Deno.test("22 monitor_unidirectional: the watcher lives on; the watcher's death touches nothing; info on both sides", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const target = self.spawn(idle);
    const watcher = self.spawn(async function* (s) {
      s.monitor(target);
      yield* s.receive();
      s.exit("kaboom");
    });
    yield* self.sleep(1);
    const sides = [
      self.info(watcher, "monitors"),
      self.info(target, "monitored_by"),
      self.info(watcher, "links"),
    ];
    self.send(watcher, "die");
    yield* self.sleep(1);
    return {
      sides,
      target,
      watcher,
      alive: self.alive(target),
      by: self.info(target, "monitored_by"),
      mail: self.info(target, "message_queue_len"),
    };
  });
  assert.deepEqual(got.sides, [
    [{ type: "process", pid: got.target }],
    [got.watcher],
    [],
  ]);
  assert.equal(got.alive, true);
  assert.deepEqual(got.by, []);
  assert.equal(got.mail, 0);
});

Deno.test("a watcher that exits holding three monitors, on two processes, is taken off each: monitored_by is empty on both, and they live on", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const a = self.spawn(idle), b = self.spawn(idle);
    const watcher = self.spawn(async function* (s) {
      s.monitor(a);
      s.monitor(b);
      s.monitor(a);
      yield* s.receive();
    });
    yield* self.sleep(1);
    const before = [self.info(a, "monitored_by"), self.info(b, "monitored_by")];
    self.exit(watcher, "kill");
    yield* self.sleep(1);
    const after = [self.info(a, "monitored_by"), self.info(b, "monitored_by")];
    return { before, after, watcher, alive: [self.alive(a), self.alive(b)] };
  });
  assert.deepEqual(got.before, [[got.watcher, got.watcher], [got.watcher]]);
  assert.deepEqual(got.after, [[], []]);
  assert.deepEqual(got.alive, [true, true]);
});

Deno.test("23 multiple_monitors: two monitors from one process and one from another give three DOWNs", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const target = self.spawn(exitOnMessage);
    const mine = [self.monitor(target), self.monitor(target)];
    const other = self.spawn(async function* (s) {
      const ref = s.monitor(target);
      const d = yield* s.receive(isDown);
      s.send(self.pid, { relayed: d.ref === ref });
    });
    yield* self.sleep(1);
    const by = self.info(target, "monitored_by");
    self.send(target, "kaboom");
    const downs: Down[] = [
      yield* self.receive(isDown),
      yield* self.receive(isDown),
    ];
    const relayed = yield* self.receive();
    return { mine, downs, relayed, by, me: self.pid, other };
  });
  assert.deepEqual(got.downs.map((d) => d.ref), got.mine);
  assert.deepEqual(got.relayed, { relayed: true });
  assert.deepEqual(got.by, [got.me, got.me, got.other]);
});

Deno.test("monitors on one process: demonitor removes just its own, the others fire in the order they were set, and monitored_by lists their watchers so", async () => {
  await using rt = testRuntime();
  const got = await rt.run(function* (self) {
    const target = self.spawn(function* (t) {
      yield* t.receive();
    });
    const refs = [0, 1, 2, 3, 4].map(() => self.monitor(target));
    self.demonitor(refs[1]);
    self.demonitor(refs[3]);
    const other = self.spawn(function* (w) {
      w.monitor(target);
      yield* w.receive();
    });
    yield; // the other process sets its monitor
    const by = self.info(target, "monitored_by");
    self.exit(target, "kaboom");
    const fired: number[] = [];
    for (;;) {
      const down = yield* self.receive(isDown, { after: 0 });
      if (down === TIMEOUT) break;
      fired.push(refs.indexOf(down.ref as never));
    }
    self.exit(other, "kill");
    return { by, self: self.pid, other, fired };
  });
  assert.deepEqual(got.by, [got.self, got.self, got.self, got.other]);
  assert.deepEqual(got.fired, [0, 2, 4]);
});
