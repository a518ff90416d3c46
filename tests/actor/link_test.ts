import assert from "node:assert/strict";
import {
  ErlangError,
  ExitError,
  isCrash,
  isExit,
  type Pid,
} from "../../lib/actor/mod.ts";
import { exitOnMessage, idle, testRuntime } from "../_support.ts";

Deno.test("08 link_bidirectional: one two-way link, listed on both sides; linking twice or to self changes nothing", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const a = self.spawn(idle);
    const b = self.spawn(idle);
    self.link(a);
    self.link(a);
    const c = self.spawnLink(idle);
    const selfLink = self.link(self.pid);
    return {
      a,
      b,
      c,
      mine: self.info(self.pid, "links"),
      theirs: self.info(a, "links"),
      none: self.info(b, "links"),
      selfLink,
      me: self.pid,
    };
  });
  assert.deepEqual(got.mine, [got.a, got.c]);
  assert.deepEqual(got.theirs, [got.me]);
  assert.deepEqual(got.none, []);
  assert.equal(got.selfLink, true);
});

Deno.test("09 link_abnormal_propagates: a process not trapping exits dies with its peer's reason, unlogged", async () => {
  await using rt = testRuntime();
  for (const reason of ["kaboom", "shutdown", { shutdown: 1 }]) {
    const server = rt.spawn(exitOnMessage);
    const kick = rt.spawn(async function* (self) {
      self.link(server);
      yield* idle(self);
    });
    const down = rt.monitor(kick);
    await rt.run(async function* (s) {
      yield* s.sleep(1);
    });
    rt.send(server, reason);
    assert.deepEqual((await down).reason, reason);
  }
  const crasher = rt.spawn(async function* (self) {
    yield* self.receive();
    throw new Error("boom");
  });
  const peer = rt.spawn(async function* (self) {
    self.link(crasher);
    yield* idle(self);
  });
  const down = rt.monitor(peer);
  await rt.run(async function* (s) {
    yield* s.sleep(1);
  });
  rt.send(crasher, "go");
  assert.ok(isCrash((await down).reason));
  assert.equal(rt.entries.length, 1); // only the crasher's own report
});

Deno.test("10 link_normal_no_kill: a :normal exit kills no linked process; a trapping one gets {:EXIT, pid, :normal}", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const child = self.spawnLink(async function* (s) {
      yield* s.receive();
    });
    const watcher = self.spawn(async function* (s) {
      s.link(child);
      yield* idle(s);
    });
    self.send(child, "go");
    yield* self.sleep(1);
    const survivor = self.alive(watcher);
    const links = self.info(watcher, "links");
    self.flag("trap_exit", true);
    const trapped = self.spawnLink(async function* () {});
    const exit = yield* self.receive(isExit);
    return { survivor, links, exit, trapped };
  });
  assert.equal(got.survivor, true);
  assert.deepEqual(got.links, []);
  assert.deepEqual(got.exit, {
    type: "EXIT",
    from: got.trapped,
    reason: "normal",
  });
});

Deno.test("11 link_chain: exit signals cascade along links; a trapping process stops the cascade", async () => {
  await using rt = testRuntime();
  const chain = await rt.run(async function* (self) {
    const spawnChain = (trapB: boolean) => {
      const a = self.spawn(idle);
      const b = self.spawn(async function* (s) {
        s.flag("trap_exit", trapB);
        s.link(a);
        const m = yield* s.receive(isExit);
        s.send(a, m);
        yield* idle(s);
      });
      const c = self.spawn(async function* (s) {
        s.link(b);
        yield* s.receive();
        s.exit("kaboom");
      });
      return [a, b, c] as const;
    };
    const [a1, b1, c1] = spawnChain(false);
    const refs = [a1, b1].map((p) => self.monitor(p));
    yield* self.sleep(1);
    self.send(c1, "go");
    const downs = [yield* self.receive(), yield* self.receive()] as {
      reason: unknown;
    }[];
    const [a2, b2, c2] = spawnChain(true);
    yield* self.sleep(1);
    self.send(c2, "go");
    yield* self.sleep(1);
    return {
      downs: downs.map((d) => d.reason),
      refs: refs.length,
      alive: [self.alive(a2), self.alive(b2), self.alive(c2)],
    };
  });
  assert.deepEqual(chain.downs, ["kaboom", "kaboom"]);
  assert.deepEqual(chain.alive, [true, true, false]);
});

Deno.test("11 link_chain: a chain of 10,000 linked processes dies without deepening the stack", async () => {
  await using rt = testRuntime();
  let last: Pid = rt.spawn(idle);
  const first = last;
  for (let i = 0; i < 10_000; i++) {
    const prev = last;
    last = rt.spawn(async function* (s) {
      s.link(prev);
      yield* idle(s);
    });
  }
  await rt.run(async function* (s) {
    yield* s.sleep(1);
  });
  const down = rt.monitor(first);
  rt.exit(last, "kaboom");
  assert.equal((await down).reason, "kaboom");
  assert.equal(rt.processCount, 0);
});

Deno.test("12 link_dead_pid: link/1 to a dead pid raises :noproc unless trapping, then {:EXIT, pid, :noproc}", async () => {
  await using rt = testRuntime();
  const dead = rt.spawn(async function* () {});
  await rt.monitor(dead);
  const got = await rt.run(async function* (self) {
    let raised: unknown;
    try {
      self.link(dead);
    } catch (e) {
      raised = e;
    }
    self.flag("trap_exit", true);
    const ok = self.link(dead);
    const msg = yield* self.receive(isExit);
    return { raised, ok, msg, links: self.info(self.pid, "links") };
  });
  assert.ok(got.raised instanceof ErlangError && got.raised.term === "noproc");
  assert.equal(got.ok, true);
  assert.deepEqual(got.msg, { type: "EXIT", from: dead, reason: "noproc" });
  assert.deepEqual(got.links, []);
  const crashing = rt.spawn(async function* (self) {
    self.link(dead);
  });
  const down = await rt.monitor(crashing);
  assert.ok(
    isCrash(down.reason) &&
      (down.reason.error as ErlangError).term === "noproc",
  );
  assert.match(
    rt.entries[0],
    /raised an exception\n\*\* \(ErlangError\) Erlang error: :noproc/,
  );
});

Deno.test("13 unlink: removes the link on both sides; afterwards the peer's death sends nothing", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const peer = self.spawnLink(exitOnMessage);
    const r1 = self.unlink(peer);
    const both = [self.info(self.pid, "links"), self.info(peer, "links")];
    self.send(peer, "kaboom");
    yield* self.sleep(2);
    const r2 = self.unlink(peer); // no link, dead pid: still true
    const other = self.spawn(async function* (s) {
      s.link(self.pid);
      s.unlink(self.pid); // either side may unlink
      yield* s.receive();
      s.exit("kaboom");
    });
    yield* self.sleep(1);
    self.send(other, "go");
    yield* self.sleep(2);
    return { r1, r2, both, mail: self.info(self.pid, "messages") };
  });
  assert.equal(got.r1, true);
  assert.equal(got.r2, true);
  assert.deepEqual(got.both, [[], []]);
  assert.deepEqual(got.mail, []);
});

Deno.test("14 spawn_link_atomic: spawn_link always reports the child's real reason; spawn then link can be too late", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const child = self.spawnLink(async function* (s) {
      s.exit("boom");
    });
    const real = yield* self.receive(isExit);
    const late = self.spawn(async function* (s) {
      s.exit("boom");
    });
    yield* self.sleep(1); // the child runs and exits before the link
    self.link(late);
    const tooLate = yield* self.receive(isExit);
    return { real, child, tooLate, late };
  });
  assert.deepEqual(got.real, { type: "EXIT", from: got.child, reason: "boom" });
  assert.deepEqual(got.tooLate, {
    type: "EXIT",
    from: got.late,
    reason: "noproc",
  });
  void ExitError;
});
