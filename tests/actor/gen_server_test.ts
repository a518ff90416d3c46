import assert from "node:assert/strict";
import {
  ExitError,
  type From,
  GenServer,
  type GenServerModule,
  inspectReason,
  isCrash,
  isDown,
  isExit,
  ManualClock,
  type Pid,
  Tuple,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

type Init = "ok" | "stop" | "ignore" | "raise" | "exit" | "bad";

/** A small counter server whose init outcome is chosen by its argument. */
const Counter: GenServerModule<Init, number> = {
  name: "Counter",
  init(arg, self) {
    if (arg === "stop") return { type: "stop", reason: "no_way" };
    if (arg === "ignore") return "ignore";
    if (arg === "raise") throw new Error("init failed");
    if (arg === "exit") self.exit("bye");
    if (arg === "bad") return 42 as never;
    return { type: "ok", state: 0 };
  },
  handleCall(request, from, state, self) {
    switch (request) {
      case "get":
        return { type: "reply", reply: state, state };
      case "defer":
        self.send(self.pid, { deferred: from });
        return { type: "noreply", state };
      case "boom":
        throw new Error("boom");
      case "stop":
        return { type: "stop", reason: "normal", reply: "bye", state };
      case "vanish":
        return { type: "stop", reason: "normal", state };
      case "slow":
        return { type: "noreply", state };
    }
    return { type: "reply", reply: "unknown", state };
  },
  handleCast(msg, state) {
    return { type: "noreply", state: state + (msg as number) };
  },
  handleInfo(msg, state) {
    const from = (msg as { deferred?: { pid: Pid; tag: never } }).deferred;
    if (from) GenServer.reply(from, "later");
    return { type: "noreply", state };
  },
};

Deno.test("29 gs_init_returns: start maps init's result; the process is gone in every non-ok case, nothing logged", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const out: Record<string, unknown> = {};
    for (
      const arg of ["ok", "stop", "ignore", "raise", "exit", "bad"] as Init[]
    ) {
      out[arg] = yield* GenServer.start(self, Counter, arg);
    }
    return out;
  });
  assert.equal((got.ok as { type: string }).type, "ok");
  assert.deepEqual(got.stop, { type: "error", reason: "no_way" });
  assert.equal(got.ignore, "ignore");
  const raised = got.raise as { reason: unknown };
  assert.ok(
    isCrash(raised.reason) &&
      (raised.reason.error as Error).message === "init failed",
  );
  assert.deepEqual(got.exit, { type: "error", reason: "bye" });
  assert.equal(
    inspectReason((got.bad as { reason: unknown }).reason),
    "{:bad_return_value, 42}",
  );
  assert.equal(rt.processCount, 1); // only the ok server
  assert.deepEqual(rt.entries, []);
});

Deno.test("30 gs_start_link: init {:stop, r} returns {:error, r} and then signals the caller through the link", async () => {
  await using rt = testRuntime();
  const caller = rt.spawn(async function* (self) {
    yield* GenServer.startLink(self, Counter, "stop");
    self.exit("never_here");
  });
  assert.equal((await rt.monitor(caller)).reason, "no_way");
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const stopped = yield* GenServer.startLink(self, Counter, "stop");
    const exit1 = yield* self.receive(isExit);
    const ignored = yield* GenServer.startLink(self, Counter, "ignore");
    const exit2 = yield* self.receive(isExit);
    const ok = yield* GenServer.startLink(self, Counter, "ok");
    const unlinked = yield* GenServer.start(self, Counter, "ok");
    const pid = (ok as { pid: Pid }).pid,
      other = (unlinked as { pid: Pid }).pid;
    return {
      stopped,
      exit1: exit1.reason,
      ignored,
      exit2: exit2.reason,
      links: [self.info(pid, "links"), self.info(other, "links")],
      me: self.pid,
    };
  });
  assert.deepEqual(got.stopped, { type: "error", reason: "no_way" });
  assert.equal(got.exit1, "no_way");
  assert.equal(got.ignored, "ignore");
  assert.equal(got.exit2, "normal");
  assert.deepEqual(got.links, [[got.me], []]);
});

Deno.test("31 gs_name_registration: the name is registered before init; a taken name gives already_started, no init, no link", async () => {
  await using rt = testRuntime();
  let inits = 0;
  const Named: GenServerModule<void, unknown> = {
    name: "Named",
    init(_arg, self) {
      inits++;
      return { type: "ok", state: self.info(self.pid, "registered_name") };
    },
    handleCall(_req, _from, state) {
      return { type: "reply", reply: state, state };
    },
  };
  const got = await rt.run(async function* (self) {
    const first =
      (yield* GenServer.start(self, Named, undefined, { name: "named" })) as {
        pid: Pid;
      };
    const seen = yield* GenServer.call(self, "named", "name?");
    const again = yield* GenServer.startLink(self, Named, undefined, {
      name: "named",
    });
    const links = self.info(self.pid, "links");
    yield* GenServer.stop(self, "named");
    const restarted = yield* GenServer.start(self, Named, undefined, {
      name: "named",
    });
    return { first, seen, again, links, restarted };
  });
  assert.equal(got.seen, "named");
  assert.deepEqual(got.again, {
    type: "error",
    reason: { already_started: got.first.pid },
  });
  assert.equal(
    inspectReason((got.again as { reason: unknown }).reason),
    `{:already_started, ${got.first.pid}}`,
  );
  assert.deepEqual(got.links, []);
  assert.equal((got.restarted as { type: string }).type, "ok");
  assert.equal(inits, 2);
});

Deno.test("32 gs_call_reply: call waits for the reply, noreply defers it to GenServer.reply; calling yourself exits", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const { pid } = (yield* GenServer.start(self, Counter, "ok")) as {
      pid: Pid;
    };
    const now = yield* GenServer.call(self, pid, "get");
    const later = yield* GenServer.call(self, pid, "defer");
    return { now, later };
  });
  assert.deepEqual(got, { now: 0, later: "later" });
  const Selfish: GenServerModule<void, void> = {
    name: "Selfish",
    init: () => ({ type: "ok", state: undefined }),
    *handleCall() {
      return { type: "reply", reply: null, state: undefined };
    },
  } as never;
  void Selfish;
  const selfCall = await rt.run(async function* (self) {
    try {
      yield* GenServer.call(self, self.pid, "me");
    } catch (e) {
      return inspectReason((e as ExitError).reason);
    }
  });
  assert.match(
    selfCall!,
    /^\{:calling_self, \{GenServer, :call, \[#PID<0\.\d+\.0>, :me, 5000\]\}\}$/,
  );
});

Deno.test("33 gs_call_timeout: the caller exits with {:timeout, {GenServer, :call, ...}}; the late reply is discarded", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const Late: GenServerModule<void, From | undefined> = {
    name: "Late",
    init: () => ({ type: "ok", state: undefined }),
    handleCall: (_req, from) => ({ type: "noreply", state: from }),
    handleCast: (_msg, from) => {
      GenServer.reply(from!, "late");
      return { type: "noreply", state: undefined };
    },
  };
  const server = await rt.run(async function* (self) {
    return ((yield* GenServer.start(self, Late, undefined)) as { pid: Pid })
      .pid;
  });
  const result = rt.run(async function* (self) {
    let reason: unknown;
    try {
      yield* GenServer.call(self, server, "slow", { timeout: 100 });
    } catch (e) {
      reason = (e as ExitError).reason;
    }
    GenServer.cast(self, server, "release");
    yield* self.sleep(10);
    return {
      reason,
      mail: self.info(self.pid, "messages"),
      serverAlive: self.alive(server),
    };
  });
  await new Promise((r) => setTimeout(r, 0));
  clock.advance(100);
  await new Promise((r) => setTimeout(r, 0));
  clock.advance(10);
  const got = await result;
  assert.equal(
    inspectReason(got.reason),
    `{:timeout, {GenServer, :call, [${server}, :slow, 100]}}`,
  );
  assert.deepEqual(got.mail, []);
  assert.equal(got.serverAlive, true);
});

Deno.test("34 gs_call_dead_server: a dead pid or unknown name exits :noproc; a server stopping without a reply exits with its reason", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const reasons: string[] = [];
    const exitOf = function* (op: Iterable<unknown> | AsyncIterable<unknown>) {
      void op;
    };
    void exitOf;
    const { pid } = (yield* GenServer.start(self, Counter, "ok")) as {
      pid: Pid;
    };
    try {
      yield* GenServer.call(self, "nobody", "get");
    } catch (e) {
      reasons.push(inspectReason((e as ExitError).reason));
    }
    self.monitor(pid);
    const bye = yield* GenServer.call(self, pid, "stop"); // {:stop, reason, reply, state} replies first
    yield* self.receive(isDown);
    try {
      yield* GenServer.call(self, pid, "get");
    } catch (e) {
      reasons.push(inspectReason((e as ExitError).reason));
    }
    const { pid: p2 } = (yield* GenServer.start(self, Counter, "ok")) as {
      pid: Pid;
    };
    try {
      yield* GenServer.call(self, p2, "vanish");
    } catch (e) {
      reasons.push(inspectReason((e as ExitError).reason));
    }
    return { reasons, bye, pid, p2 };
  });
  assert.equal(got.bye, "bye");
  assert.deepEqual(got.reasons, [
    "{:noproc, {GenServer, :call, [:nobody, :get, 5000]}}",
    `{:noproc, {GenServer, :call, [${got.pid}, :get, 5000]}}`,
    `{:normal, {GenServer, :call, [${got.p2}, :vanish, 5000]}}`,
  ]);
  assert.deepEqual(rt.entries, []);
});

Deno.test('35 gs_cast: cast returns :ok at once, casts run in order, a later call sees them; on the wire it is {:"$gen_cast", msg}', async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const { pid } = (yield* GenServer.start(self, Counter, "ok")) as {
      pid: Pid;
    };
    const oks = [1, 2, 3].map((n) => GenServer.cast(self, pid, n));
    const total = yield* GenServer.call(self, pid, "get");
    self.send(pid, { type: "$gen_cast", msg: 10 });
    return {
      oks,
      total,
      after: yield* GenServer.call(self, pid, "get"),
      dead: GenServer.cast(self, self.spawn(async function* () {}), 1),
    };
  });
  assert.deepEqual(got, {
    oks: ["ok", "ok", "ok"],
    total: 6,
    after: 16,
    dead: "ok",
  });
});

Deno.test("36 gs_handle_info_default: without handle_info a message is logged as Elixir logs it, and the state is kept", async () => {
  await using rt = testRuntime();
  const Bare: GenServerModule<void, string> = {
    name: "Servy.KickStarter",
    init: () => ({ type: "ok", state: "st" }),
    handleCall: (_r, _f, state) => ({ type: "reply", reply: state, state }),
  };
  const got = await rt.run(async function* (self) {
    const { pid } = (yield* GenServer.start(self, Bare, undefined, {
      name: "Servy.KickStarter",
    })) as { pid: Pid };
    self.send(pid, { type: "EXIT", from: self.pid, reason: "kaboom" });
    const state = yield* GenServer.call(self, pid, "state");
    const { pid: anon } = (yield* GenServer.start(self, Bare, undefined)) as {
      pid: Pid;
    };
    self.send(anon, "hello");
    yield* GenServer.call(self, anon, "sync");
    return { state, me: self.pid, anon };
  });
  assert.equal(got.state, "st");
  assert.match(
    rt.entries[0],
    new RegExp(
      `^\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[error\\] Servy\\.KickStarter Servy\\.KickStarter received unexpected message in handle_info/2: \\{:EXIT, #PID<0\\.${got.me.id}\\.0>, :kaboom\\}$`,
    ),
  );
  assert.match(
    rt.entries[1],
    new RegExp(
      `\\[error\\] Servy\\.KickStarter #PID<0\\.${got.anon.id}\\.0> received unexpected message in handle_info/2: "hello"$`,
    ),
  );
});

Deno.test("37 gs_handle_continue: continue runs before messages already waiting, even those sent in init; continues chain", async () => {
  await using rt = testRuntime();
  const Cont: GenServerModule<void, string[]> = {
    name: "Cont",
    init(_arg, self) {
      self.send(self.pid, "from_init");
      return { type: "ok", state: ["init"], continue: 1 };
    },
    handleContinue(arg, state) {
      const n = arg as number;
      return n < 3
        ? { type: "noreply", state: [...state, `c${n}`], continue: n + 1 }
        : { type: "noreply", state: [...state, `c${n}`] };
    },
    handleInfo(msg, state) {
      return { type: "noreply", state: [...state, msg as string] };
    },
    handleCall(_r, _f, state) {
      return { type: "reply", reply: state, state };
    },
  };
  const got = await rt.run(async function* (self) {
    const { pid } = (yield* GenServer.start(self, Cont, undefined)) as {
      pid: Pid;
    };
    return yield* GenServer.call(self, pid, "log");
  });
  assert.deepEqual(got, ["init", "c1", "c2", "c3", "from_init"]);
});

Deno.test("38 gs_timeout: no message within the timeout gives handle_info(:timeout); any message cancels it; it fires once", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const Idle: GenServerModule<void, string[]> = {
    name: "Idle",
    init: () => ({ type: "ok", state: [], timeout: 100 }),
    handleInfo: (msg, state) => ({
      type: "noreply",
      state: [...state, String(msg)],
    }),
    handleCast: (msg, state) => ({
      type: "noreply",
      state: [...state, `cast ${msg}`],
      timeout: 50,
    }),
    handleCall: (_r, _f, state) => ({ type: "reply", reply: state, state }),
  };
  const pid = await rt.run(async function* (self) {
    return ((yield* GenServer.start(self, Idle, undefined)) as { pid: Pid })
      .pid;
  });
  clock.advance(60);
  await rt.run(async function* (self) {
    GenServer.cast(self, pid, "a");
    yield* self.sleep(0);
  });
  await new Promise((r) => setTimeout(r, 0));
  clock.advance(49); // the cast re-armed 50 ms; the init timeout was cancelled
  await new Promise((r) => setTimeout(r, 0));
  clock.advance(1);
  await new Promise((r) => setTimeout(r, 0));
  clock.advance(500); // fired once; nothing re-arms it
  const log = await rt.run(async function* (self) {
    return yield* GenServer.call(self, pid, "log");
  });
  assert.deepEqual(log, ["cast a", "timeout"]);
});

Deno.test("39 gs_stop_terminate: stop returns and raises call terminate; GenServer.stop is synchronous; abnormal reasons are logged", async () => {
  await using rt = testRuntime();
  const calls: string[] = [];
  const T: GenServerModule<void, string> = {
    name: "T",
    init: () => ({ type: "ok", state: "st" }),
    handleCall: (req) => {
      if (req === "boom") throw new Error("boom");
      return { type: "stop", reason: req, state: "st" };
    },
    terminate: (reason) => void calls.push(inspectReason(reason).slice(0, 20)),
  };
  const got = await rt.run(async function* (self) {
    const out: unknown[] = [];
    for (
      const how of [
        "normal",
        "shutdown",
        "kaboom",
        "stop_api",
        "stop_api_kaboom",
      ]
    ) {
      const { pid } = (yield* GenServer.start(self, T, undefined)) as {
        pid: Pid;
      };
      if (how === "stop_api") {
        out.push(yield* GenServer.stop(self, pid), self.alive(pid));
      } else if (how === "stop_api_kaboom") {
        out.push(yield* GenServer.stop(self, pid, "kaboom"));
      } else {
        try {
          yield* GenServer.call(self, pid, how);
        } catch (e) {
          out.push(inspectReason((e as ExitError).reason).split(",")[0]);
        }
      }
    }
    let noproc: unknown;
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    try {
      yield* GenServer.stop(self, dead);
    } catch (e) {
      noproc = (e as ExitError).reason;
    }
    return { out, noproc };
  });
  assert.deepEqual(got.out, [
    "{:normal",
    "{:shutdown",
    "{:kaboom",
    "ok",
    false,
    "ok",
  ]);
  assert.deepEqual(calls, [
    ":normal",
    ":shutdown",
    ":kaboom",
    ":normal",
    ":kaboom",
  ]);
  assert.match(
    inspectReason(got.noproc),
    /^\{:noproc, \{GenServer, :stop, \[#PID<0\.\d+\.0>, :normal, :infinity\]\}\}$/,
  );
  assert.equal(rt.entries.length, 2);
  assert.match(
    rt.entries[0],
    /\[error\] GenServer #PID<0\.\d+\.0> terminating\n\*\* \(stop\) :kaboom\nLast message \(from #PID<0\.\d+\.0>\): :kaboom\nState: "st"\nClient #PID<0\.\d+\.0> is alive\n$/,
  );
  assert.match(
    rt.entries[1],
    /terminating\n\*\* \(stop\) :kaboom\nLast message: \[\]\nState: "st"$/,
  );
});

Deno.test("40 gs_exit_signals: a trapping server stops on its parent's EXIT with terminate; other EXITs go to handle_info; :kill skips terminate", async () => {
  await using rt = testRuntime();
  const seen: string[] = [];
  const Trap: GenServerModule<void, null> = {
    name: "Trap",
    init: (_a, self) => {
      self.flag("trap_exit", true);
      return { type: "ok", state: null };
    },
    handleInfo: (msg, state) => {
      seen.push(`info ${inspectReason((msg as { reason: unknown }).reason)}`);
      return { type: "noreply", state };
    },
    handleCall: (_r, _f, state) => ({ type: "reply", reply: "ok", state }),
    terminate: (reason) => void seen.push(`terminate ${inspectReason(reason)}`),
  };
  const parent = rt.spawn(async function* (self) {
    const { pid } = (yield* GenServer.startLink(self, Trap, undefined)) as {
      pid: Pid;
    };
    self.register(pid, "trap");
    yield* self.receive();
    self.exit("parent_gone");
  });
  await rt.run(async function* (self) {
    while (self.whereis("trap") === undefined) yield* self.sleep(1);
    const server = self.whereis("trap")!;
    self.exit(server, "from_stranger"); // not the parent: handle_info
    yield* GenServer.call(self, server, "sync");
    const ref = self.monitor(server);
    self.send(parent, "go");
    const down = yield* self.receive(isDown);
    seen.push(`down ${inspectReason(down.reason)}`);
    void ref;
  });
  assert.deepEqual(seen, [
    "info :from_stranger",
    "terminate :parent_gone",
    "down :parent_gone",
  ]);
  assert.equal(rt.entries.length, 1); // abnormal: logged
  seen.length = 0;
  const killed = await rt.run(async function* (self) {
    const { pid } = (yield* GenServer.start(self, Trap, undefined)) as {
      pid: Pid;
    };
    self.monitor(pid);
    self.exit(pid, "kill");
    return (yield* self.receive(isDown)).reason;
  });
  assert.equal(killed, "killed");
  assert.deepEqual(seen, []);
});

Deno.test("41 gs_crash_in_call: a raise in handle_call exits the server, logged, and the caller with {{exception, stack}, {GenServer, :call, ...}}", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const { pid } =
      (yield* GenServer.start(self, Counter, "ok", { name: "counter" })) as {
        pid: Pid;
      };
    let reason: unknown;
    try {
      yield* GenServer.call(self, "counter", "boom");
    } catch (e) {
      reason = (e as ExitError).reason;
    }
    self.flag("trap_exit", true);
    const { pid: linked } =
      (yield* GenServer.startLink(self, Counter, "ok")) as { pid: Pid };
    try {
      yield* GenServer.call(self, linked, "boom");
    } catch { /* caught: the EXIT still arrives */ }
    const exit = yield* self.receive(isExit);
    return { reason, pid, exit };
  });
  const reason = got.reason as Tuple;
  assert.ok(reason instanceof Tuple && isCrash(reason.items[0]));
  assert.match(
    inspectReason(reason),
    /^\{\{%RuntimeError\{message: "boom"\}, \[.*\]\}, \{GenServer, :call, \[:counter, :boom, 5000\]\}\}$/,
  );
  assert.ok(isCrash(got.exit.reason));
  assert.match(
    rt.entries[0],
    /\[error\] GenServer :counter terminating\n\*\* \(RuntimeError\) boom\n[^]*Last message \(from #PID<0\.\d+\.0>\): :boom\nState: 0\nClient #PID<0\.\d+\.0> is alive\n$/,
  );
  // A linked caller that does not trap dies of the link signal, with the server's reason.
  const victim = rt.spawn(async function* (self) {
    const { pid } = (yield* GenServer.startLink(self, Counter, "ok")) as {
      pid: Pid;
    };
    yield* GenServer.call(self, pid, "boom");
  });
  const down = await rt.monitor(victim);
  assert.ok(isCrash(down.reason));
});
