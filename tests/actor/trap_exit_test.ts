import assert from "node:assert/strict";
import { type Exit, isExit } from "../../lib/actor/mod.ts";
import { exitOnMessage, idle, testRuntime } from "../_support.ts";

Deno.test("15 trap_exit_messages: exit signals become {:EXIT, from, reason} messages, received selectively; flag returns the old value", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const before = self.flag("trap_exit", true);
    const again = self.flag("trap_exit", true);
    const linked = self.spawnLink(exitOnMessage);
    self.send(self.pid, "first");
    self.send(linked, "kaboom");
    const stranger = self.spawn(async function* (s) {
      s.exit(self.pid, "from_afar");
    });
    const exit1 = yield* self.receive((m): m is Exit =>
      isExit(m) && m.from === linked
    );
    const exit2 = yield* self.receive((m): m is Exit =>
      isExit(m) && m.from === stranger
    );
    const plain = yield* self.receive();
    self.flag("trap_exit", false);
    return { before, again, exit1, exit2, plain, linked, stranger };
  });
  assert.equal(got.before, false);
  assert.equal(got.again, true);
  assert.deepEqual(got.exit1, {
    type: "EXIT",
    from: got.linked,
    reason: "kaboom",
  });
  assert.deepEqual(got.exit2, {
    type: "EXIT",
    from: got.stranger,
    reason: "from_afar",
  });
  assert.equal(got.plain, "first");
  // Turning trapping off again restores dying.
  const pid = rt.spawn(async function* (self) {
    self.flag("trap_exit", true);
    self.flag("trap_exit", false);
    yield* idle(self);
  });
  const down = rt.monitor(pid);
  await rt.run(async function* (s) {
    yield* s.sleep(1);
  });
  rt.exit(pid, "kaboom");
  assert.equal((await down).reason, "kaboom");
});

Deno.test("16 kill_untrappable: exit(pid, :kill) kills a trapping process as :killed, which links see as an ordinary reason", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const victim = self.spawnLink(async function* (s) {
      s.flag("trap_exit", true);
      yield* idle(s);
    });
    const bystander = self.spawn(async function* (s) {
      s.link(victim);
      yield* idle(s);
    });
    const watch = self.monitor(bystander);
    yield* self.sleep(1);
    self.exit(victim, "kill");
    const exit = yield* self.receive(isExit);
    const down = yield* self.receive((m): m is { reason: unknown } =>
      (m as { ref?: unknown }).ref === watch
    );
    // A process that calls exit(:kill) itself exits :kill, a plain trappable reason.
    const selfKiller = self.spawnLink(async function* (s) {
      s.exit("kill");
    });
    const exit2 = yield* self.receive(isExit);
    const selfKilled = self.spawn(async function* (s) {
      s.exit(s.pid, "kill");
    });
    const ref = self.monitor(selfKilled);
    const down2 = yield* self.receive((m): m is { reason: unknown } =>
      (m as { ref?: unknown }).ref === ref
    );
    return { exit, victim, down, exit2, selfKiller, down2 };
  });
  assert.deepEqual(got.exit, {
    type: "EXIT",
    from: got.victim,
    reason: "killed",
  });
  assert.equal(got.down.reason, "killed");
  assert.deepEqual(got.exit2, {
    type: "EXIT",
    from: got.selfKiller,
    reason: "kill",
  });
  assert.equal(got.down2.reason, "killed");
});

Deno.test("17 exit_signal_from_other: :normal is ignored unless trapping; other reasons kill; the sender is unaffected", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const target = self.spawn(idle);
    const r1 = self.exit(target, "normal");
    yield* self.sleep(1);
    const survived = self.alive(target);
    const trapper = self.spawn(async function* (s) {
      s.flag("trap_exit", true);
      const m = yield* s.receive(isExit);
      s.send(self.pid, m);
    });
    yield* self.sleep(1);
    self.exit(trapper, "normal");
    const relayed = yield* self.receive(isExit);
    const ref = self.monitor(target);
    self.exit(target, "kaboom");
    const down = yield* self.receive();
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    return {
      r1,
      survived,
      relayed,
      down,
      me: self.pid,
      dead: self.exit(dead, "kaboom"),
      ref,
    };
  });
  assert.equal(got.r1, true);
  assert.equal(got.survived, true);
  assert.deepEqual(got.relayed, {
    type: "EXIT",
    from: got.me,
    reason: "normal",
  });
  assert.equal((got.down as { reason: string }).reason, "kaboom");
  assert.equal(got.dead, true);
});

Deno.test("18 exit_self: Process.exit(self(), :normal) ends a non-trapping process at once; a trapping one gets the message", async () => {
  await using rt = testRuntime();
  let after = false;
  const pid = rt.spawn(async function* (self) {
    self.exit(self.pid, "normal");
    after = true;
  });
  const down = await rt.monitor(pid);
  assert.equal(down.reason, "normal");
  assert.equal(after, false);
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    self.exit(self.pid, "kaboom");
    return yield* self.receive(isExit);
  });
  assert.equal(got.reason, "kaboom");
  const killed = rt.spawn(async function* (self) {
    self.flag("trap_exit", true);
    self.exit(self.pid, "kill");
  });
  assert.equal((await rt.monitor(killed)).reason, "killed");
});
