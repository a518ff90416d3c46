/**
 * GenServer callbacks that block: `function*` and `async function*`
 * callbacks that `yield*` to `GenServer.call`, `Task.await`, `receive` and
 * `sleep`, and the BEAM rules that still hold while they block (checked on
 * Elixir 1.14 / OTP 24). Also `GenServer.whereis/1` and `:sys.get_state`.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ExitError,
  type From,
  GenServer,
  type GenServerModule,
  inspect,
  inspectReason,
  isDown,
  ManualClock,
  type Pid,
  type Self,
  type StartOptions,
  TIMEOUT,
} from "../../lib/actor/mod.ts";
import * as Task from "../../lib/actor/task.ts";
import { testRuntime } from "../_support.ts";

/** `{:ok, pid} = GenServer.start(module, arg, options)`. */
function* start<A, S>(
  self: Self,
  module: GenServerModule<A, S>,
  arg: A,
  options?: StartOptions,
) {
  const r = yield* GenServer.start(self, module, arg, options);
  if (typeof r === "object" && r.type === "ok") return r.pid;
  throw new Error(`Cannot start ${module.name}: ${inspect(r)}`);
}

/** A promise and its resolver, for a callback to say it got somewhere. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => resolve = r);
  return { promise, resolve };
}

/** The caller's exit reason, printed, or what `op`'s receive returned. */
function* exitOf(op: () => Iterable<unknown>) {
  try {
    return yield* op();
  } catch (e) {
    if (e instanceof ExitError) return inspectReason(e.reason);
    throw e;
  }
}

/** Answers every call with its request, tagged; the end of a chain. */
const Echo: GenServerModule<string, string> = {
  name: "Echo",
  init: (name) => ({ type: "ok", state: name }),
  handleCall: (request, _from, name) => ({
    type: "reply",
    reply: `${name}:${request}`,
    state: name,
  }),
};

interface Link {
  name: string;
  next: Pid;
}

/** `handleCall` asks the next server and adds its name (a `function*`). */
const Relay: GenServerModule<Link, Link> = {
  name: "Relay",
  init: (link) => ({ type: "ok", state: link }),
  *handleCall(request, _from, state, self) {
    const answer = yield* GenServer.call(self, state.next, request);
    return { type: "reply", reply: `${state.name}>${answer}`, state };
  },
};

/** The same as an `async function*`. */
const AsyncRelay: GenServerModule<Link, Link> = {
  name: "AsyncRelay",
  init: (link) => ({ type: "ok", state: link }),
  async *handleCall(request, _from, state, self) {
    const answer = yield* GenServer.call(self, state.next, request);
    return { type: "reply", reply: `${state.name}>${answer}`, state };
  },
};

Deno.test("GenServer.call from handle_call: a server asks a second one and replies with its answer; a chain of three", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const c = yield* start(self, Echo, "c");
    const b = yield* start(self, Relay, { name: "b", next: c });
    const a = yield* start(self, AsyncRelay, { name: "a", next: b });
    const direct = yield* start(self, Relay, { name: "r", next: c });
    return {
      two: yield* GenServer.call(self, direct, "hi"),
      three: yield* GenServer.call(self, a, "hello"),
      again: yield* GenServer.call(self, a, "again"),
      mailbox: self.info(self.pid, "message_queue_len"),
    };
  });
  assert.deepEqual(got, {
    two: "r>c:hi",
    three: "a>b>c:hello",
    again: "a>b>c:again",
    mailbox: 0,
  });
  assert.deepEqual(rt.entries, []);
});

/** Records what each callback did; its callbacks block by calling `Echo`. */
function recorder(kind: "sync" | "async", log: string[]) {
  type S = { echo: Pid };
  const ask = function* (self: Self, s: S, what: string) {
    log.push(yield* GenServer.call<string, string>(self, s.echo, what));
  };
  const sync: GenServerModule<Pid, S> = {
    name: "Recorder",
    *init(echo, self) {
      yield* ask(self, { echo }, "init");
      return { type: "ok", state: { echo }, continue: "go" };
    },
    *handleContinue(_arg, s, self) {
      yield* ask(self, s, "continue");
      return { type: "noreply", state: s };
    },
    *handleCall(req, _from, s, self) {
      yield* ask(self, s, `call ${req}`);
      return { type: "reply", reply: "done", state: s };
    },
    *handleCast(msg, s, self) {
      yield* ask(self, s, `cast ${msg}`);
      return { type: "noreply", state: s };
    },
    *handleInfo(msg, s, self) {
      yield* ask(self, s, `info ${msg}`);
      return { type: "stop", reason: "normal", state: s };
    },
    *terminate(reason, s, self) {
      yield* self.sleep(1);
      yield* ask(self, s, `terminate ${inspectReason(reason)}`);
    },
  };
  if (kind === "sync") return sync;
  const module: GenServerModule<Pid, S> = {
    name: "Recorder",
    async *init(echo, self) {
      yield* ask(self, { echo }, "init");
      return { type: "ok", state: { echo }, continue: "go" };
    },
    async *handleContinue(_arg, s, self) {
      yield* ask(self, s, "continue");
      return { type: "noreply", state: s };
    },
    async *handleCall(req, _from, s, self) {
      yield* ask(self, s, `call ${req}`);
      return { type: "reply", reply: "done", state: s };
    },
    async *handleCast(msg, s, self) {
      yield* ask(self, s, `cast ${msg}`);
      return { type: "noreply", state: s };
    },
    async *handleInfo(msg, s, self) {
      yield* ask(self, s, `info ${msg}`);
      return { type: "stop", reason: "normal", state: s };
    },
    async *terminate(reason, s, self) {
      yield* self.sleep(1);
      yield* ask(self, s, `terminate ${inspectReason(reason)}`);
    },
  };
  return module;
}

for (const kind of ["sync", "async"] as const) {
  Deno.test(`GenServer callbacks that block (${kind} generators): init, handle_continue, handle_call, handle_cast, handle_info and terminate each may call another server`, async () => {
    await using rt = testRuntime();
    const log: string[] = [];
    // A `function*` caller resumes in the order it was woken, as on the
    // BEAM with one scheduler: before the server's next call reaches Echo.
    const down = await rt.run(function* (self) {
      const echo = yield* start(self, Echo, "echo");
      const server = yield* start(self, recorder(kind, log), echo);
      log.push("started");
      const ref = self.monitor(server);
      GenServer.cast(self, server, "c");
      log.push(yield* GenServer.call<string, string>(self, server, "x"));
      self.send(server, "bye");
      const down = yield* self.receive(isDown);
      return { same: down.ref === ref, reason: down.reason };
    });
    assert.deepEqual(down, { same: true, reason: "normal" });
    assert.deepEqual(log, [
      "echo:init",
      "started", // start returns once init has
      "echo:continue",
      "echo:cast c",
      "echo:call x",
      "done",
      "echo:info bye",
      "echo:terminate :normal", // the server exits once terminate has finished
    ]);
  });
}

Deno.test("Task.await in a callback: init (async function*) and handle_info(:refresh) (function*) run tasks and await them, as the course's SensorServer does", async () => {
  await using rt = testRuntime();
  let round = 0;
  const snapshot = (camera: string, n: number) =>
    async function* () {
      return `${camera}-snapshot-${n}.jpg`;
    };
  function* runTasks(self: Self) {
    const n = ++round;
    const tasks = ["cam-1", "cam-2", "cam-3"].map((cam) =>
      Task.async(self, snapshot(cam, n))
    );
    return tasks;
  }
  const Sensors: GenServerModule<void, string[]> = {
    name: "Servy.SensorServer",
    async *init(_arg, self) {
      const snapshots: string[] = [];
      for (const task of yield* runTasks(self)) {
        snapshots.push(yield* Task.await(self, task));
      }
      return { type: "ok", state: snapshots };
    },
    handleCall: (_request, _from, state) => ({
      type: "reply",
      reply: state,
      state,
    }),
    *handleInfo(msg, state, self) {
      if (msg !== "refresh") return { type: "noreply", state };
      const tasks = yield* runTasks(self);
      const snapshots: string[] = [];
      for (const task of tasks) snapshots.push(yield* Task.await(self, task));
      return { type: "noreply", state: snapshots };
    },
  };
  const got = await rt.run(async function* (self) {
    const server = yield* start(self, Sensors, undefined, {
      name: "sensor_server",
    });
    const first = yield* GenServer.call(self, server, "get_sensor_data");
    self.send("sensor_server", "refresh");
    const second = yield* GenServer.call(self, server, "get_sensor_data");
    return {
      first,
      second,
      mailbox: self.info(server, "message_queue_len"),
      links: self.info(server, "links")!.length, // the tasks are gone
    };
  });
  assert.deepEqual(got, {
    first: [
      "cam-1-snapshot-1.jpg",
      "cam-2-snapshot-1.jpg",
      "cam-3-snapshot-1.jpg",
    ],
    second: [
      "cam-1-snapshot-2.jpg",
      "cam-2-snapshot-2.jpg",
      "cam-3-snapshot-2.jpg",
    ],
    mailbox: 0, // the tasks' replies and DOWNs were all taken
    links: 0,
  });
});

/**
 * Blocks `handleCall(:wait_for_go)` in a selective receive, after telling
 * the pid in its state; records everything else it handles.
 */
function waiter(log: string[]) {
  const Waiter: GenServerModule<Pid, Pid> = {
    name: "Waiter",
    init: (notify) => ({ type: "ok", state: notify }),
    *handleCall(request, _from, notify, self) {
      if (request !== "wait_for_go") {
        log.push(`call ${request}`);
        return { type: "reply", reply: request, state: notify };
      }
      self.send(notify, "blocked");
      const go = yield* self.receive((m): m is "go" => m === "go");
      const waiting = self.info(self.pid, "message_queue_len");
      log.push(`got ${go} with ${waiting} waiting`);
      return { type: "reply", reply: "went", state: notify };
    },
    handleCast(msg, notify) {
      log.push(`cast ${msg}`);
      return { type: "noreply", state: notify };
    },
    handleInfo(msg, notify) {
      log.push(`info ${msg}`);
      return { type: "noreply", state: notify };
    },
  };
  return Waiter;
}

function* blocked(self: Self) {
  yield* self.receive((m): m is "blocked" => m === "blocked");
}

Deno.test("receive in a callback: other messages wait in the mailbox; the callback takes only what it matches; the rest is handled after, in order", async () => {
  await using rt = testRuntime();
  const log: string[] = [];
  const got = await rt.run(async function* (self) {
    const server = yield* start(self, waiter(log), self.pid);
    const caller = self.pid;
    self.spawn(async function* (other) {
      other.send(caller, yield* GenServer.call(other, server, "wait_for_go"));
    });
    yield* blocked(self);
    self.send(server, "a");
    GenServer.cast(self, server, "b");
    self.send(server, "go");
    self.send(server, "c");
    const went = yield* self.receive();
    return { went, last: yield* GenServer.call(self, server, "last") };
  });
  assert.deepEqual(got, { went: "went", last: "last" });
  assert.deepEqual(log, [
    "got go with 3 waiting",
    "info a",
    "cast b",
    "info c",
    "call last",
  ]);
});

Deno.test("receive ... after in a callback: after fires if nothing matched in time; non-matching arrivals stay for the loop", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const log: string[] = [];
  const waiting = signal();
  const Patient: GenServerModule<void, null> = {
    name: "Patient",
    init: () => ({ type: "ok", state: null }),
    *handleCall(request, _from, state, self) {
      if (request !== "wait") return { type: "reply", reply: log, state };
      waiting.resolve();
      const r = yield* self.receive((m): m is "go" => m === "go", {
        after: 1000,
      });
      return { type: "reply", reply: r === TIMEOUT ? "gave_up" : r, state };
    },
    handleInfo(msg, state) {
      log.push(`info ${msg}`);
      return { type: "noreply", state };
    },
  };
  const result = rt.run(async function* (self) {
    const server = yield* start(self, Patient, undefined);
    const call = GenServer.call(self, server, "wait", { timeout: Infinity });
    self.send(server, "noise");
    const answer = yield* call;
    return { answer, log: yield* GenServer.call(self, server, "log") };
  });
  await waiting.promise;
  clock.advance(999);
  assert.deepEqual(log, []); // "noise" did not restart the timer, nor was it taken
  clock.advance(1);
  assert.deepEqual(await result, { answer: "gave_up", log: ["info noise"] });
});

Deno.test("GenServer.call to a blocked server: it waits its turn, and exits the caller with {:timeout, ...} after 5 s by default", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const log: string[] = [];
  const called = signal();
  const got = rt.run(async function* (self) {
    const server = yield* start(self, waiter(log), self.pid);
    const caller = self.pid;
    self.spawn(async function* (first) {
      const r = yield* GenServer.call(first, server, "wait_for_go", {
        timeout: Infinity,
      });
      first.send(caller, r);
    });
    yield* blocked(self);
    self.spawn(async function* (patient) {
      const r = yield* GenServer.call(patient, server, "turn", {
        timeout: Infinity,
      });
      patient.send(caller, r);
    });
    called.resolve();
    const timedOut = yield* exitOf(() => GenServer.call(self, server, "ping"));
    self.send(server, "go");
    const replies = [yield* self.receive(), yield* self.receive()];
    const after = yield* GenServer.call(self, server, "after");
    return { timedOut, replies, after, server, alive: self.alive(server) };
  });
  await called.promise;
  clock.advance(4999);
  assert.deepEqual(log, []);
  clock.advance(1);
  const r = await got;
  assert.equal(
    r.timedOut,
    `{:timeout, {GenServer, :call, [${r.server}, :ping, 5000]}}`,
  );
  assert.deepEqual(r.replies, ["went", "turn"]);
  assert.equal(r.after, "after");
  assert.equal(r.alive, true);
  // Both calls waited in the mailbox; the timed-out one is still handled in
  // its turn (the patient ran after this step, so it came second), and its
  // late reply is dropped.
  assert.deepEqual(log, [
    "got go with 2 waiting",
    "call ping",
    "call turn",
    "call after",
  ]);
});

Deno.test("exit signals reach a blocked server at once: a non-trapping one dies with the reason, :kill kills a trapping one, neither runs terminate", async () => {
  await using rt = testRuntime();
  const terminated: unknown[] = [];
  const Stuck: GenServerModule<[boolean, Pid], Pid> = {
    name: "Stuck",
    init: ([trap, notify], self) => {
      self.flag("trap_exit", trap);
      return { type: "ok", state: notify };
    },
    *handleCast(_msg, notify, self) {
      self.send(notify, "blocked");
      yield* self.receive((_m): _m is never => false);
      return { type: "noreply", state: notify };
    },
    terminate: (reason) => void terminated.push(reason),
  };
  const got = await rt.run(async function* (self) {
    const reasons: unknown[] = [];
    for (const [trap, signal] of [[false, "kaboom"], [true, "kill"]] as const) {
      const server = yield* start(self, Stuck, [trap, self.pid]);
      GenServer.cast(self, server, "block");
      yield* blocked(self);
      self.monitor(server);
      self.exit(server, signal);
      reasons.push((yield* self.receive(isDown)).reason);
    }
    return reasons;
  });
  assert.deepEqual(got, ["kaboom", "killed"]);
  assert.deepEqual(terminated, []);
  assert.deepEqual(rt.entries, []);
});

Deno.test("rule 40 while blocked in a call: a trapping server's parent EXIT waits; the call completes, then terminate runs and the server exits with the parent's reason", async () => {
  await using rt = testRuntime();
  const seen: string[] = [];
  const asked = signal<Pid>();
  const Slow: GenServerModule<void, From | undefined> = {
    name: "Slow",
    init: () => ({ type: "ok", state: undefined }),
    handleCall: (_request, from) => {
      asked.resolve(from.pid);
      return { type: "noreply", state: from };
    },
    handleCast: (_msg, from) => {
      GenServer.reply(from!, "slow_answer");
      return { type: "noreply", state: undefined };
    },
  };
  const Asker: GenServerModule<Pid, Pid> = {
    name: "Asker",
    init: (slow, self) => {
      self.flag("trap_exit", true);
      return { type: "ok", state: slow };
    },
    async *handleCall(_request, _from, slow, self) {
      const r = yield* GenServer.call(self, slow, "wait");
      const mail = inspect(self.info(self.pid, "messages"));
      seen.push(`asker got ${inspect(r)}, mailbox ${mail}`);
      return { type: "reply", reply: r, state: slow };
    },
    handleInfo(msg, slow) {
      seen.push(`info ${inspect(msg)}`);
      return { type: "noreply", state: slow };
    },
    terminate: (reason) => void seen.push(`terminate ${inspectReason(reason)}`),
  };
  const slow = await rt.run(async function* (self) {
    return yield* start(self, Slow, undefined);
  });
  const parent = rt.spawn(async function* (self) {
    yield* GenServer.startLink(self, Asker, slow, { name: "asker" });
    yield* self.receive();
    self.exit("parent_gone");
  });
  const asker = await rt.run(async function* (self) {
    while (self.whereis("asker") === undefined) yield* self.sleep(1);
    return self.whereis("asker")!;
  });
  const client = rt.run(async function* (self) {
    return yield* GenServer.call(self, asker, "ask");
  });
  assert.equal(await asked.promise, asker);
  rt.send(parent, "go");
  assert.equal((await rt.monitor(parent)).reason, "parent_gone");
  assert.equal(rt.alive(asker), true); // trapping: the EXIT is a message
  const down = rt.monitor(asker);
  await rt.run(async function* (self) {
    GenServer.cast(self, slow, "release");
  });
  assert.equal(await client, "slow_answer");
  assert.equal((await down).reason, "parent_gone");
  assert.deepEqual(seen, [
    `asker got "slow_answer", mailbox [{:EXIT, ${parent}, :parent_gone}]`,
    "terminate :parent_gone",
  ]);
  assert.equal(rt.entries.length, 1);
  assert.match(
    rt.entries[0],
    /GenServer :asker terminating\n\*\* \(stop\) :parent_gone\n/,
  );
  assert.ok(
    rt.entries[0].includes(`Last message: {:EXIT, ${parent}, :parent_gone}`),
  );
});

Deno.test("terminate may block: after {:stop, ...}, GenServer.stop and a raise in a blocked callback, the server exits once terminate has finished", async () => {
  await using rt = testRuntime();
  const log: string[] = [];
  const Ending: GenServerModule<Pid, Pid> = {
    name: "Ending",
    init: (echo) => ({ type: "ok", state: echo }),
    *handleCall(request, _from, echo, self) {
      yield* GenServer.call(self, echo, "before");
      if (request === "raise") throw new Error("boom");
      return { type: "stop", reason: "normal", reply: "stopping", state: echo };
    },
    *terminate(reason, echo, self) {
      const r = yield* GenServer.call(self, echo, inspectReason(reason));
      log.push(`terminate ${r}`);
    },
  };
  const got = await rt.run(async function* (self) {
    const echo = yield* start(self, Echo, "echo");
    const out: unknown[] = [];
    const first = yield* start(self, Ending, echo);
    let ref = self.monitor(first);
    out.push(yield* GenServer.call(self, first, "stop"));
    out.push((yield* self.receive(isDown)).reason);
    const second = yield* start(self, Ending, echo);
    out.push(yield* GenServer.stop(self, second, "shutdown"));
    out.push(self.alive(second));
    const third = yield* start(self, Ending, echo);
    ref = self.monitor(third);
    out.push(yield* exitOf(() => GenServer.call(self, third, "raise")));
    out.push(inspect((yield* self.receive(isDown)).ref === ref));
    return out;
  });
  assert.equal(got[0], "stopping");
  assert.equal(got[1], "normal");
  assert.equal(got[2], "ok");
  assert.equal(got[3], false); // stop returned after terminate had finished
  assert.match(
    got[4] as string,
    /^\{\{%RuntimeError\{message: "boom"\}, .*\}, \{GenServer, :call, \[#PID<[\d.]+>, :raise, 5000\]\}\}$/,
  );
  assert.equal(log[0], "terminate echo::normal");
  assert.equal(log[1], "terminate echo::shutdown");
  assert.match(log[2], /^terminate echo:\{%RuntimeError\{message: "boom"\}, /);
  assert.equal(rt.entries.length, 1); // only the raise is logged
  assert.match(
    rt.entries[0],
    /GenServer #PID<[\d.]+> terminating\n\*\* \(RuntimeError\) boom/,
  );
});

Deno.test("calling_self: a callback that calls its own server exits it with {:calling_self, {GenServer, :call, [server, request, 5000]}}, by pid or by name", async () => {
  await using rt = testRuntime();
  const terminated: string[] = [];
  const Selfish: GenServerModule<void, null> = {
    name: "Selfish",
    init: () => ({ type: "ok", state: null }),
    *handleCall(request, _from, state, self) {
      const me = request === "by_name" ? "selfish" : self.pid;
      yield* GenServer.call(self, me, "x");
      return { type: "reply", reply: "never", state };
    },
    terminate: (reason) => void terminated.push(inspectReason(reason)),
  };
  const got = await rt.run(async function* (self) {
    const out: unknown[] = [];
    for (const how of ["by_pid", "by_name"]) {
      const server = yield* start(self, Selfish, undefined, {
        name: "selfish",
      });
      self.monitor(server);
      out.push(yield* exitOf(() => GenServer.call(self, server, how)));
      out.push(inspectReason((yield* self.receive(isDown)).reason));
      out.push(server);
    }
    return out;
  });
  const [pid1, pid2] = [got[2], got[5]];
  assert.deepEqual(got, [
    `{{:calling_self, {GenServer, :call, [${pid1}, :x, 5000]}}, {GenServer, :call, [${pid1}, :by_pid, 5000]}}`,
    `{:calling_self, {GenServer, :call, [${pid1}, :x, 5000]}}`,
    pid1,
    `{{:calling_self, {GenServer, :call, [:selfish, :x, 5000]}}, {GenServer, :call, [${pid2}, :by_name, 5000]}}`,
    `{:calling_self, {GenServer, :call, [:selfish, :x, 5000]}}`,
    pid2,
  ]);
  // As in OTP, the exit goes through terminate and is logged.
  assert.deepEqual(terminated, [got[1], got[4]]);
  assert.equal(rt.entries.length, 2);
});

Deno.test("GenServer.reply from a blocking callback: a reply deferred with {:noreply, s} reaches its caller, also before the callback returns", async () => {
  await using rt = testRuntime();
  const Deferring: GenServerModule<Pid, { echo: Pid; from?: From }> = {
    name: "Deferring",
    init: (echo) => ({ type: "ok", state: { echo } }),
    *handleCall(request, from, state, self) {
      if (request === "later") {
        self.send(self.pid, "work");
        return { type: "noreply", state: { ...state, from } };
      }
      GenServer.reply(from, "early");
      yield* self.receive((m): m is "release" => m === "release");
      return { type: "noreply", state };
    },
    *handleInfo(_msg, state, self) {
      const answer = yield* GenServer.call(self, state.echo, "work");
      GenServer.reply(state.from!, answer);
      return { type: "noreply", state: { echo: state.echo } };
    },
  };
  const got = await rt.run(async function* (self) {
    const echo = yield* start(self, Echo, "echo");
    const server = yield* start(self, Deferring, echo);
    const later = yield* GenServer.call(self, server, "later");
    const early = yield* GenServer.call(self, server, "early");
    const waiting = self.info(server, "message_queue_len");
    self.send(server, "release");
    const state = yield* GenServer.getState<{ from?: From }>(self, server);
    return { later, early, waiting, from: state.from };
  });
  assert.deepEqual(got, {
    later: "echo:work",
    early: "early",
    waiting: 0,
    from: undefined,
  });
});

Deno.test("kill: a server killed while an async callback awaits runs nothing more: no terminate, no report", async () => {
  await using rt = testRuntime();
  const terminated: unknown[] = [];
  const gate = signal();
  const awaiting = signal();
  const Awaiting: GenServerModule<void, null> = {
    name: "Awaiting",
    init: () => ({ type: "ok", state: null }),
    async handleCast(_msg, state, self) {
      awaiting.resolve();
      await gate.promise;
      self.send(self.pid, "after the await"); // raises: the process is dead
      return { type: "noreply", state };
    },
    terminate: (reason) => void terminated.push(reason),
  };
  const server = await rt.run(async function* (self) {
    const server = yield* start(self, Awaiting, undefined);
    GenServer.cast(self, server, "go");
    return server;
  });
  await awaiting.promise;
  const down = rt.monitor(server);
  rt.exit(server, "kill");
  assert.equal((await down).reason, "killed");
  gate.resolve();
  await rt.scheduler.settled(); // the callback's step has ended
  assert.deepEqual(terminated, []);
  assert.deepEqual(rt.entries, []);
});

Deno.test("GenServer.whereis/1: a pid for a pid (alive or not), the registered pid or nil for a name", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const server = yield* start(self, Echo, "e", { name: "echo" });
    const byName = GenServer.whereis(self, "echo");
    yield* GenServer.stop(self, server);
    return {
      same: byName === server,
      pid: GenServer.whereis(self, server) === server,
      gone: GenServer.whereis(self, "echo"),
      never: GenServer.whereis(self, "nobody"),
    };
  });
  assert.deepEqual(got, {
    same: true,
    pid: true,
    gone: undefined,
    never: undefined,
  });
});

Deno.test(":sys.get_state/1,2: the state, in its turn after a blocking callback; timeout, noproc and calling_self exit the caller with {:sys, :get_state, ...}", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const log: string[] = [];
  const asking = signal();
  const timedOut = signal();
  const got = rt.run(async function* (self) {
    const server = yield* start(self, waiter(log), self.pid, { name: "w" });
    const plain = yield* GenServer.getState(self, server);
    const caller = self.pid;
    self.spawn(async function* (first) {
      const r = yield* GenServer.call(first, server, "wait_for_go", {
        timeout: Infinity,
      });
      first.send(caller, r);
    });
    yield* blocked(self);
    asking.resolve();
    const timeout = yield* exitOf(() =>
      GenServer.getState(self, server, { timeout: 50 })
    );
    timedOut.resolve();
    const defaultTimeout = yield* exitOf(() => GenServer.getState(self, "w"));
    self.send(server, "go");
    const went = yield* self.receive();
    const after = yield* GenServer.getState(self, server);
    yield* GenServer.stop(self, server);
    return {
      server,
      plain: plain === self.pid,
      timeout,
      defaultTimeout,
      went,
      after: after === self.pid,
      dead: yield* exitOf(() => GenServer.getState(self, server)),
      free: yield* exitOf(() => GenServer.getState(self, "w")),
      me: yield* exitOf(() => GenServer.getState(self, self.pid)),
      self: self.pid,
    };
  });
  await asking.promise;
  clock.advance(50);
  await timedOut.promise;
  clock.advance(5000);
  const r = await got;
  assert.deepEqual(r, {
    server: r.server,
    plain: true,
    timeout: `{:timeout, {:sys, :get_state, [${r.server}, 50]}}`,
    defaultTimeout: `{:timeout, {:sys, :get_state, [:w]}}`,
    went: "went",
    after: true,
    dead: `{:noproc, {:sys, :get_state, [${r.server}]}}`,
    free: `{:noproc, {:sys, :get_state, [:w]}}`,
    me: `{:calling_self, {:sys, :get_state, [${r.self}]}}`,
    self: r.self,
  });
  assert.deepEqual(log, ["got go with 2 waiting"]); // two get_states, unanswered
});

Deno.test("reductions: a function* callback that takes many waiting messages still gives the other processes a turn", async () => {
  await using rt = testRuntime();
  let ticks = 0;
  // A `function*` process is queued again the moment it yields; an async
  // one only once its step's promise settled, which may be a slice later.
  const ticker = rt.spawn(function* () {
    for (;;) {
      ticks++;
      yield;
    }
  });
  const Drainer: GenServerModule<void, null> = {
    name: "Drainer",
    init: () => ({ type: "ok", state: null }),
    *handleCall(n, _from, state, self) {
      for (let i = 0; i < (n as number); i++) self.send(self.pid, i);
      const before = ticks;
      for (let i = 0; i < (n as number); i++) {
        yield* self.receive((m): m is number => typeof m === "number");
      }
      return { type: "reply", reply: ticks - before, state };
    },
  };
  const turns = await rt.run(async function* (self) {
    const server = yield* start(self, Drainer, undefined);
    return yield* GenServer.call<number, number>(self, server, 2000);
  });
  rt.exit(ticker, "kill");
  assert.ok(turns >= 3, `the ticker ran ${turns} times`); // 2,000 / 500 a slice
});
