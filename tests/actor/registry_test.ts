import assert from "node:assert/strict";
import {
  ArgumentError,
  FunctionClauseError,
  GenServer,
  isDown,
} from "../../lib/actor/mod.ts";
import { exitOnMessage, idle, testRuntime } from "../_support.ts";

Deno.test("24 register_whereis: register, whereis, registered, registered_name, unregister frees the name", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const worker = self.spawn(idle);
    const ok = self.register(worker, "worker");
    const found = self.whereis("worker");
    const names = self.registered();
    const named = self.info(worker, "registered_name");
    const unnamed = self.info(self.pid, "registered_name");
    const un = self.unregister("worker");
    const gone = self.whereis("worker");
    self.register(self.pid, "worker"); // the name can be reused; a process may register itself
    return {
      worker,
      ok,
      found,
      names,
      named,
      unnamed,
      un,
      gone,
      mine: self.whereis("worker"),
      me: self.pid,
    };
  });
  assert.equal(got.ok, true);
  assert.equal(got.found, got.worker);
  assert.deepEqual(got.names, ["worker"]);
  assert.equal(got.named, "worker");
  assert.deepEqual(got.unnamed, []);
  assert.equal(got.un, true);
  assert.equal(got.gone, undefined);
  assert.equal(got.mine, got.me);
});

Deno.test("25 register_errors: a taken name, a named pid, a dead pid raise ArgumentError; nil is no name; nothing changes", async () => {
  await using rt = testRuntime();
  await rt.run(async function* (self) {
    const a = self.spawn(idle);
    const b = self.spawn(idle);
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    self.register(a, "a");
    assert.throws(() => self.register(a, "a"), ArgumentError);
    assert.throws(() => self.register(b, "a"), ArgumentError);
    assert.throws(() => self.register(a, "other"), ArgumentError);
    assert.throws(() => self.register(dead, "dead"), ArgumentError);
    assert.throws(() => self.register(b, "nil"), FunctionClauseError);
    assert.throws(() => self.register(b, "undefined"), FunctionClauseError);
    assert.throws(() => self.unregister("free"), ArgumentError);
    assert.deepEqual(self.registered(), ["a"]);
    assert.deepEqual(self.info(b, "registered_name"), []);
  });
});

Deno.test("26 name_freed_on_exit: the name is free by the time the DOWN arrives, for any reason", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const out: unknown[] = [];
    for (const reason of ["normal", "kaboom", "kill"]) {
      const worker = self.spawn(exitOnMessage);
      self.register(worker, "worker");
      self.monitor(worker);
      if (reason === "kill") self.exit(worker, "kill");
      else self.send(worker, reason);
      const down = yield* self.receive(isDown);
      out.push([down.reason, self.whereis("worker")]);
      self.register(self.spawn(idle), "worker"); // another process can take it at once
      self.exit(self.whereis("worker")!, "kill");
    }
    return out;
  });
  assert.deepEqual(got, [["normal", undefined], ["kaboom", undefined], [
    "killed",
    undefined,
  ]]);
});

Deno.test("27 send_to_name: delivers to the named process; an unknown name raises; a dead pid is fine; cast to an unknown name is :ok", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.register(self.pid, "me");
    const echoed = self.send("me", "hello");
    const msg = yield* self.receive();
    let raised: unknown;
    try {
      self.send("nobody", "hi");
    } catch (e) {
      raised = e;
    }
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    return {
      echoed,
      msg,
      raised,
      dropped: self.send(dead, "x"),
      cast: GenServer.cast(self, "nobody", "x"),
    };
  });
  assert.equal(got.echoed, "hello");
  assert.equal(got.msg, "hello");
  assert.ok(got.raised instanceof ArgumentError);
  assert.equal(got.dropped, "x");
  assert.equal(got.cast, "ok");
});

Deno.test("28 process_info_alive: info items of a live process; every item of a dead one is nil", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const worker = self.spawn(async function* (s) {
      s.flag("trap_exit", true);
      s.register(s.pid, "worker");
      yield* s.receive((m): m is "stop" => m === "stop");
    });
    self.link(worker);
    self.monitor(worker);
    self.send(worker, "a");
    self.send(worker, "b");
    yield* self.sleep(1);
    const live = self.info(worker);
    const alive = self.alive(worker);
    self.unlink(worker);
    self.send(worker, "stop");
    yield* self.receive(isDown);
    return {
      live,
      alive,
      me: self.pid,
      dead: [self.info(worker), self.info(worker, "links"), self.alive(worker)],
    };
  });
  assert.deepEqual(got.live, {
    registered_name: "worker",
    status: "waiting",
    message_queue_len: 2,
    links: [got.me],
    monitors: [],
    monitored_by: [got.me],
    trap_exit: true,
  });
  assert.equal(got.alive, true);
  assert.deepEqual(got.dead, [undefined, undefined, false]);
});
