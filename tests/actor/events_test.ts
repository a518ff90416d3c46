import assert from "node:assert/strict";
import {
  type Down,
  GenServer,
  type GenServerModule,
  inspect,
  inspectReason,
  isDown,
  isExit,
  type Pid,
  type RuntimeEvent,
  Supervisor,
} from "../../lib/actor/mod.ts";
import { idle, testRuntime } from "../_support.ts";

/** Listens on `rt` and keeps each event printed as `type field=value...`. */
function record(rt: ReturnType<typeof testRuntime>) {
  const seen: RuntimeEvent[] = [];
  const stop = rt.events.listen((e) => seen.push(e));
  const lines = () =>
    seen.map((e) =>
      Object.entries(e).map(([k, v]) =>
        k === "type"
          ? v
          : `${k}=${k === "reason" ? inspectReason(v) : inspect(v)}`
      )
        .join(" ")
    );
  return { seen, stop, lines };
}

Deno.test("events: a spawn names the spawner and the link; an exit its reason", async () => {
  await using rt = testRuntime();
  const { lines, stop } = record(rt);
  let child: Pid | undefined;
  const parent = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    child = self.spawnLink(async function* (c) {
      c.exit("kaboom");
    });
    yield* self.receive(isExit);
    return self.pid;
  });
  stop();
  assert.deepEqual(lines(), [
    `spawn pid=${parent} parent=nil link=nil`,
    `spawn pid=${child} parent=${parent} link=${parent}`,
    `exit pid=${child} reason=:kaboom`,
    `EXIT to=${parent} from=${child} reason=:kaboom`,
    `exit pid=${parent} reason=:normal`,
  ]);
});

Deno.test("events: Process.link/1, Process.unlink/1 and Process.exit/2 each report once", async () => {
  await using rt = testRuntime();
  const peer = rt.spawn(idle);
  const { lines, stop } = record(rt);
  const self = await rt.run(async function* (self) {
    self.link(peer);
    self.unlink(peer);
    self.unlink(peer); // not linked: nothing to report
    self.exit(peer, "normal"); // ignored by peer, but sent
    self.exit(peer, "kill");
    return self.pid;
  });
  stop();
  assert.deepEqual(lines().slice(1, -1), [
    `link pid=${self} to=${peer}`,
    `unlink pid=${self} to=${peer}`,
    `exit_signal from=${self} to=${peer} reason=:normal`,
    `exit_signal from=${self} to=${peer} reason=:kill`,
    `exit pid=${peer} reason=:killed`,
  ]);
});

Deno.test("events: a port closing with its owner is an unlink of the port", async () => {
  await using rt = testRuntime();
  const { lines, stop } = record(rt);
  const pid = rt.spawn(async function* (self) {
    self.openPort(() => {});
    yield* idle(self);
  });
  const down = rt.monitor(pid);
  await rt.run(async function* () {}); // the owner has opened its port
  rt.exit(pid, "shutdown");
  await down;
  stop();
  assert.ok(
    lines().includes(`unlink pid=${pid} to=#Port<0.1>`),
    lines().join("\n"),
  );
});

Deno.test("events: monitor, DOWN, demonitor and a noproc DOWN", async () => {
  await using rt = testRuntime();
  const target = rt.spawn(idle);
  const other = rt.spawn(idle);
  const { lines, stop } = record(rt);
  const self = await rt.run(async function* (self) {
    const ref = self.monitor(target);
    self.exit(target, "kaboom");
    yield* self.receive(isDown);
    const second = self.monitor(other);
    self.demonitor(second);
    self.monitor(target); // dead: DOWN :noproc at once
    yield* self.receive(isDown);
    return { pid: self.pid, ref, second };
  });
  stop();
  const p = self.pid;
  assert.deepEqual(lines().slice(1, -1), [
    `monitor ref=${self.ref} watcher=${p} target=${target}`,
    `exit_signal from=${p} to=${target} reason=:kaboom`,
    `exit pid=${target} reason=:kaboom`,
    `DOWN to=${p} ref=${self.ref} pid=${target} reason=:kaboom`,
    `monitor ref=${self.second} watcher=${p} target=${other}`,
    `demonitor ref=${self.second} watcher=${p} target=${other}`,
    `DOWN to=${p} ref=#Reference<0.0.0.${
      self.second.id + 1
    }> pid=${target} reason=:noproc`,
  ]);
});

Deno.test("events: register, unregister, and the name freed at exit", async () => {
  await using rt = testRuntime();
  const { lines, stop } = record(rt);
  const pid = await rt.run(async function* (self) {
    self.register(self.pid, "a");
    self.unregister("a");
    self.register(self.pid, "b");
    return self.pid;
  });
  stop();
  assert.deepEqual(lines(), [
    `spawn pid=${pid} parent=nil link=nil`,
    `register pid=${pid} name="a"`,
    `unregister pid=${pid} name="a"`,
    `register pid=${pid} name="b"`,
    `exit pid=${pid} reason=:normal`,
    `unregister pid=${pid} name="b"`,
  ]);
});

const Worker: GenServerModule<null, null> = {
  name: "Worker",
  init: () => ({ type: "ok", state: null }),
};

Deno.test("events: a supervisor's restart names the child, its new pid and count", async () => {
  await using rt = testRuntime();
  const { seen, stop } = record(rt);
  const restarted = await rt.run(async function* (self) {
    const started = yield* Supervisor.startLink(self, [
      Supervisor.childSpec(Worker, null, { id: "w", name: "w" }),
    ], { strategy: "one_for_one" });
    assert.ok(started !== "ignore" && started.type === "ok");
    const first = self.whereis("w")!;
    const ref = self.monitor(first);
    self.exit(first, "kaboom");
    yield* self.receive((m): m is Down => isDown(m) && m.ref === ref);
    const [child] = yield* Supervisor.whichChildren(self, started.pid);
    yield* GenServer.stop(self, started.pid);
    return { sup: started.pid, pid: child.child };
  });
  stop();
  const restarts = seen.filter((e) => e.type === "restart");
  assert.deepEqual(restarts, [{
    type: "restart",
    supervisor: restarted.sup,
    id: "w",
    pid: restarted.pid,
    restarts: 1,
  }]);
});

Deno.test("events: after the last listener stops, active is false and nothing is told", async () => {
  await using rt = testRuntime();
  const told: string[] = [];
  const stopA = rt.events.listen((e) => told.push(`a ${e.type}`));
  const stopB = rt.events.listen((e) => told.push(`b ${e.type}`));
  rt.spawn(idle);
  stopA();
  stopA(); // a second call changes nothing
  assert.equal(rt.events.active, true);
  rt.spawn(idle);
  stopB();
  assert.equal(rt.events.active, false);
  rt.spawn(idle);
  assert.deepEqual(told, ["a spawn", "b spawn", "b spawn"]);
});

Deno.test("events: a listener that throws is dropped and reported; the cascade goes on", async () => {
  await using rt = testRuntime();
  const told: string[] = [];
  rt.events.listen(() => {
    throw new Error("listener bug");
  });
  rt.events.listen((e) => told.push(e.type));
  const pid = rt.spawn(idle);
  const down = rt.monitor(pid);
  rt.exit(pid, "kaboom");
  assert.equal((await down).reason, "kaboom");
  assert.deepEqual(told, ["spawn", "exit_signal", "exit"]);
  assert.equal(rt.entries.length, 1);
  assert.match(rt.entries[0], /listener bug/);
});

Deno.test("events: with no listener no emit site builds an event", async () => {
  await using rt = testRuntime();
  let built = 0;
  // Every site reads `active` before calling emit; a site that did not
  // would call this.
  rt.events.emit = () => void built++;
  await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const child = self.spawnLink(async function* (c) {
      c.openPort(() => {});
      c.register(c.pid, "c");
      yield* idle(c);
    });
    const ref = self.monitor(child);
    self.demonitor(self.monitor(child));
    self.unlink(child);
    self.link(child);
    self.exit(child, "kaboom");
    yield* self.receive((m): m is Down => isDown(m) && m.ref === ref);
    yield* self.receive(isExit);
    self.monitor(child); // noproc
    yield* self.receive(isDown);
    const started = yield* Supervisor.startLink(self, [
      Supervisor.childSpec(Worker, null, { id: "w", name: "w" }),
    ], { strategy: "one_for_one" });
    assert.ok(started !== "ignore" && started.type === "ok");
    const w = self.whereis("w")!;
    const wref = self.monitor(w);
    self.exit(w, "kaboom");
    yield* self.receive((m): m is Down => isDown(m) && m.ref === wref);
    yield* Supervisor.whichChildren(self, started.pid); // restarted by now
    yield* GenServer.stop(self, started.pid);
  });
  assert.equal(built, 0);
});

Deno.test("events: a spawn after an await still names its spawner; a port's owner is linked to it and unlinked at close", async () => {
  await using rt = testRuntime();
  const { lines, stop } = record(rt);
  let child: Pid | undefined;
  const parent = await rt.run(async function* (self) {
    await Promise.resolve(); // no step is running here: the spawner is known anyway
    child = self.spawn(idle);
    const port = self.openPort(() => {});
    self.closePort(port);
    self.exit(child, "kill");
    return self.pid;
  });
  stop();
  const seen = lines();
  assert.ok(seen.includes(`spawn pid=${child} parent=${parent} link=nil`));
  assert.ok(seen.some((l) => /^link pid=.* to=#Port<0\.\d+>$/.test(l)));
  assert.ok(seen.some((l) => /^unlink pid=.* to=#Port<0\.\d+>$/.test(l)));
});
