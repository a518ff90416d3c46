import assert from "node:assert/strict";
import {
  inspect,
  isCrash,
  isDown,
  isExit,
  type Self,
} from "../../lib/actor/mod.ts";
import { idle, testRuntime } from "../_support.ts";

/** A body that, when called, kills its own process before it ever runs. */
function diesWhenCalled(self: Self) {
  self.exit(self.pid, "kaboom");
  return idle(self);
}

Deno.test("spawn_monitor: gives {pid, ref}; the DOWN carries the ref and the exit reason", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const spawned = self.spawnMonitor(async function* (child) {
      yield;
      child.exit("kaboom");
    });
    const down = yield* self.receive(isDown);
    return { spawned, down, monitors: self.info(self.pid, "monitors") };
  });
  assert.deepEqual(Object.keys(got.spawned), ["pid", "ref"]);
  assert.deepEqual(got.down, {
    type: "DOWN",
    ref: got.spawned.ref,
    pid: got.spawned.pid,
    reason: "kaboom",
  });
  assert.deepEqual(got.monitors, []); // the fired monitor is gone
});

Deno.test("spawn_monitor: a body that raises at once gives its DOWN with the exception, never :noproc", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const { pid, ref } = self.spawnMonitor(async function* () {
      throw new Error("boom");
    });
    const down = yield* self.receive(isDown);
    return { pid, ref, down };
  });
  assert.equal(got.down.ref, got.ref);
  assert.equal(got.down.pid, got.pid);
  assert.ok(isCrash(got.down.reason));
  // Elixir: {%RuntimeError{message: "boom"}, [stacktrace]}
  assert.match(
    inspect(got.down.reason),
    /^\{%RuntimeError\{message: "boom"\}, \[/,
  );
  // Like Elixir, the crash is also reported: "Process #PID<...> raised an exception".
  assert.match(
    rt.entries.join(""),
    /\[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(RuntimeError\) boom/,
  );
});

Deno.test("spawn_monitor: a process killed while its body is called still gives the DOWN with its reason", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const { ref } = self.spawnMonitor(diesWhenCalled);
    return { ref, down: yield* self.receive(isDown, { after: 100 }) };
  });
  // A spawn followed by a monitor would give :noproc here.
  assert.ok(isDown(got.down));
  assert.equal(got.down.ref, got.ref);
  assert.equal(got.down.reason, "kaboom");
});

Deno.test("spawn_monitor: a normal return gives DOWN :normal", async () => {
  await using rt = testRuntime();
  const down = await rt.run(async function* (self) {
    self.spawnMonitor(async function* () {});
    return yield* self.receive(isDown);
  });
  assert.equal(down.reason, "normal");
});

Deno.test("spawn_monitor: a non-body raises TypeError and leaves no monitor and no DOWN", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const notABody = () => 42;
    let error: unknown;
    try {
      // @ts-expect-error: not a body
      self.spawnMonitor(notABody);
    } catch (e) {
      error = e;
    }
    const down = yield* self.receive(isDown, { after: 5 });
    return { error, down, monitors: self.info(self.pid, "monitors") };
  });
  assert.ok(got.error instanceof TypeError);
  assert.equal(typeof got.down, "symbol");
  assert.deepEqual(got.monitors, []);
});

Deno.test("Process.spawn/2: [:monitor] gives {pid, ref} and the DOWN; no link", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const { pid, ref } = self.spawn(idle, { monitor: true });
    const links = self.info(self.pid, "links");
    self.exit(pid, "kaboom");
    const down = yield* self.receive(isDown);
    return { pid, ref, links, down };
  });
  assert.deepEqual(got.links, []);
  assert.deepEqual(got.down, {
    type: "DOWN",
    ref: got.ref,
    pid: got.pid,
    reason: "kaboom",
  });
});

Deno.test("Process.spawn/2: [:link] gives the pid, linked before it runs", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const pid = self.spawn(diesWhenCalled, { link: true });
    const exit = yield* self.receive(isExit, { after: 100 });
    return { pid, exit };
  });
  assert.deepEqual(got.exit, { type: "EXIT", from: got.pid, reason: "kaboom" });
});

Deno.test("Process.spawn/2: [:link, :monitor] gives {pid, ref}, linked and monitored", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const { pid, ref } = self.spawn(idle, { link: true, monitor: true });
    const links = self.info(self.pid, "links");
    self.exit(pid, "kaboom");
    const exit = yield* self.receive(isExit);
    const down = yield* self.receive(isDown);
    return { pid, ref, links, exit, down };
  });
  assert.deepEqual(got.links, [got.pid]);
  assert.equal(got.exit.reason, "kaboom");
  assert.equal(got.down.ref, got.ref);
  assert.equal(got.down.reason, "kaboom");
});

Deno.test("Process.spawn/2: no options, or [], gives the pid alone, neither linked nor monitored", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const a = self.spawn(idle);
    const b = self.spawn(idle, {});
    return {
      a,
      b,
      links: self.info(self.pid, "links"),
      monitors: self.info(self.pid, "monitors"),
    };
  });
  assert.equal(typeof got.a.id, "number");
  assert.equal(typeof got.b.id, "number");
  assert.deepEqual(got.links, []);
  assert.deepEqual(got.monitors, []);
});
