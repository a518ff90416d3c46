/**
 * Verbs without `self`: `GenServer.call(server, request)`, `Process.send`,
 * `Task.async(fn)` find the calling process themselves, as Elixir's do.
 */
import assert from "node:assert/strict";
import {
  GenServer,
  type GenServerModule,
  isDown,
  isExit,
  Process,
  reply,
  Supervisor,
  Task,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

const Doubler: GenServerModule<void, null> = {
  name: "Doubler",
  init: () => ({ type: "ok", state: null }),
  handleCall: (n, _from, state) => reply((n as number) * 2, state),
};

/** A server whose handle_call asks Doubler, as OTP code asks a backend. */
const Front: GenServerModule<void, null> = {
  name: "Front",
  init: () => ({ type: "ok", state: null }),
  *handleCall(n, _from, state) {
    const doubled = yield* GenServer.call<unknown, number>("doubler", n);
    return reply(doubled + 1, state);
  },
};

const double = (n: number) => GenServer.call<number, number>("doubler", n);

Deno.test("GenServer.call without self: from a function* body, an async body, and an async body after an await", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* () {
    yield* GenServer.start(Doubler, undefined, { name: "doubler" });
    const first = yield* double(1);
    await Promise.resolve(); // no process is known from here on in this step
    const second = yield* double(2);
    return [first, second];
  });
  assert.deepEqual(got, [2, 4]);
  const sync = await rt.run(function* () {
    return yield* double(21);
  });
  assert.equal(sync, 42);
});

Deno.test("a handle_call that calls a second server with GenServer.call and replies with its answer", async () => {
  await using rt = testRuntime();
  const answer = await rt.run(function* () {
    yield* GenServer.start(Doubler, undefined, { name: "doubler" });
    yield* GenServer.start(Front, undefined, { name: "front" });
    return yield* GenServer.call<number, number>("front", 20);
  });
  assert.equal(answer, 41);
});

Deno.test("GenServer.cast in an async body after an await raises at once, naming the self. form that works there", async () => {
  await using rt = testRuntime();
  const message = await rt.run(async function* (self) {
    yield* GenServer.start(self, Doubler, undefined, { name: "doubler" });
    await Promise.resolve();
    try {
      GenServer.cast("doubler", 1);
    } catch (e) {
      return (e as Error).message;
    }
  });
  assert.equal(
    message,
    "GenServer.cast was called where no process is known: outside any process, or in an async function* body after an await; call it as GenServer.cast(self, server, msg)",
  );
});

Deno.test("Process verbs outside any process raise, and send nothing", () => {
  assert.throws(() => Process.send("anyone", "hi"), {
    message: /^send was called where no process is known/,
  });
  assert.throws(() => Process.self(), { message: /self\.pid$/ });
});

Deno.test("Process verbs without self: the lesson's trap_exit, spawn_link, exit and receive", async () => {
  await using rt = testRuntime();
  const got = await rt.run(function* () {
    Process.flag("trap_exit", true);
    const me = Process.self();
    const server = Process.spawnLink(function* () {
      yield* Process.receive();
    });
    Process.register(server, "http_server");
    const ref = Process.monitor("http_server");
    Process.exit(server, "kaboom");
    const exit = yield* Process.receive(isExit);
    const down = yield* Process.receive(isDown);
    yield* Process.sleep(1);
    return {
      from: exit.from === server,
      reason: exit.reason,
      down: down.ref === ref && down.reason,
      alive: Process.alive(server),
      links: Process.info(me, "links"),
      freed: Process.whereis("http_server"),
    };
  });
  assert.deepEqual(got, {
    from: true,
    reason: "kaboom",
    down: "kaboom",
    alive: false,
    links: [],
    freed: undefined,
  });
});

Deno.test("Task.async and Task.await without self, with a function* task and an async one", async () => {
  await using rt = testRuntime();
  const got = await rt.run(function* () {
    const a = Task.async(function* () {
      return 6 * 7;
    });
    const b = Task.async(async function* () {
      await Promise.resolve();
      return "async";
    });
    return [yield* Task.await(a), yield* Task.await(b, 1000)];
  });
  assert.deepEqual(got, [42, "async"]);
});

Deno.test("Supervisor without self: start_link(children, opts), which_children, terminate_child, restart_child and DynamicSupervisor.start_child", async () => {
  await using rt = testRuntime();
  const got = await rt.run(function* () {
    const child = Supervisor.childSpec(Doubler, undefined, { name: "doubler" });
    yield* Supervisor.startLink([child], {
      strategy: "one_for_one",
      name: "sup",
    });
    const before = (yield* Supervisor.whichChildren("sup")).length;
    const stopped = yield* Supervisor.terminateChild("sup", "Doubler");
    const gone = Process.whereis("doubler");
    const restarted = yield* Supervisor.restartChild("sup", "Doubler");
    const doubled = yield* double(4);
    yield* Supervisor.startDynamic({ name: "dyn" });
    const started = yield* Supervisor.startChild(
      "dyn",
      Supervisor.childSpec(Front, undefined, { name: "front" }),
    );
    const counts = yield* Supervisor.countChildren("dyn");
    return {
      before,
      stopped,
      gone,
      restarted: typeof restarted === "object" && restarted.type,
      doubled,
      started: typeof started === "object" && started.type,
      active: counts.active,
    };
  });
  assert.deepEqual(got, {
    before: 1,
    stopped: "ok",
    gone: undefined,
    restarted: "ok",
    doubled: 8,
    started: "ok",
    active: 1,
  });
});
