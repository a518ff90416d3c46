import assert from "node:assert/strict";
import {
  GenServer,
  type GenServerModule,
  inspectReason,
  isExit,
  ManualClock,
  type OnStart,
  type Pid,
  type Self,
  Supervisor,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

/** A named worker that records its terminate, as in the Elixir checks. */
function worker(events: string[] = []): GenServerModule<string, string> {
  return {
    name: "W",
    init(name, self) {
      self.flag("trap_exit", true);
      events.push(`init ${name}`);
      return { type: "ok", state: name };
    },
    handleCast(msg, state) {
      if (msg === "boom") throw new Error("boom");
      return { type: "stop", reason: msg, state };
    },
    terminate(reason, state) {
      events.push(`terminate ${state} ${inspectReason(reason)}`);
    },
  };
}

function spec(name: string, events?: string[], restart?: Supervisor.Restart) {
  return Supervisor.childSpec(worker(events), name, {
    id: name,
    name,
    restart,
  });
}

function ok(result: OnStart | Supervisor.CallError): Pid {
  if (result === "ignore" || result.type !== "ok") {
    throw new Error(`not started: ${inspectReason(result)}`);
  }
  return result.pid;
}

/** Waits until `name` is registered to a pid other than `old`. */
async function* restarted(self: Self, name: string, old?: Pid) {
  for (let i = 0; i < 1000; i++) {
    const pid = self.whereis(name);
    if (pid !== undefined && pid !== old) return pid;
    yield* self.sleep(1);
  }
  throw new Error(`${name} did not come back`);
}

Deno.test("supervisor_start: children start in order; which_children lists them newest first; count_children counts them", async () => {
  await using rt = testRuntime();
  const events: string[] = [];
  const got = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(
        self,
        [spec("a", events), spec("b", events)],
        {
          strategy: "one_for_one",
          name: "MySup",
        },
      ),
    );
    return {
      which: yield* Supervisor.whichChildren(self, sup),
      count: yield* Supervisor.countChildren(self, "MySup"),
      a: self.whereis("a"),
      b: self.whereis("b"),
    };
  });
  assert.deepEqual(events, ["init a", "init b"]);
  assert.deepEqual(got.which, [
    { id: "b", child: got.b, type: "worker", modules: ["W"] },
    { id: "a", child: got.a, type: "worker", modules: ["W"] },
  ]);
  assert.deepEqual(got.count, {
    specs: 2,
    active: 2,
    supervisors: 0,
    workers: 2,
  });
});

Deno.test("supervisor_start_failure: a child that fails to start stops the others in reverse and fails the start with {:shutdown, {:failed_to_start_child, id, reason}}", async () => {
  await using rt = testRuntime();
  const events: string[] = [];
  const Bad: GenServerModule<undefined, undefined> = {
    name: "Bad",
    init: () => ({ type: "stop", reason: "nope" }),
  };
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const result = yield* Supervisor.startLink(
      self,
      [spec("a", events), spec("b", events), [Bad, undefined]],
      { strategy: "one_for_one" },
    );
    const exit = yield* self.receive(isExit);
    return { result: inspectReason(result), exit: inspectReason(exit.reason) };
  });
  const reason = "{:shutdown, {:failed_to_start_child, Bad, :nope}}";
  assert.equal(got.result, `{:error, ${reason}}`);
  assert.equal(got.exit, reason); // as iex's shell receives it
  assert.deepEqual(events, [
    "init a",
    "init b",
    "terminate b :shutdown",
    "terminate a :shutdown",
  ]);
});

Deno.test("supervisor_one_for_one: a killed child is restarted with a new pid, reported as Elixir reports it; its siblings are untouched", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    yield* Supervisor.startLink(self, [spec("a"), spec("b")], {
      strategy: "one_for_one",
      name: "MySup",
    });
    const [a, b] = [self.whereis("a")!, self.whereis("b")!];
    self.exit(a, "kill");
    const a2 = yield* restarted(self, "a", a);
    return { a, a2, b, b2: self.whereis("b") };
  });
  assert.notEqual(got.a2, got.a);
  assert.equal(got.b2, got.b);
  assert.equal(rt.entries.length, 1);
  assert.equal(
    rt.entries[0].replace(/^\n\d\d:\d\d:\d\d\.\d{3} /, ""),
    `[error] Child :a of Supervisor MySup terminated\n** (exit) killed\nPid: ${got.a}\n` +
      `Start Call: W.start_link("a")\nRestart: :permanent\nShutdown: 5000\nType: :worker`,
  );
});

for (
  const [strategy, expected] of [
    ["one_for_all", {
      a: true,
      c: true,
      stopped: ["terminate c :shutdown", "terminate a :shutdown"],
    }],
    ["rest_for_one", { a: false, c: true, stopped: ["terminate c :shutdown"] }],
  ] as const
) {
  Deno.test(`supervisor_${strategy}: the others ${strategy === "one_for_all" ? "all" : "started after it"} are stopped in reverse and restarted in order`, async () => {
    await using rt = testRuntime();
    const events: string[] = [];
    const got = await rt.run(async function* (self) {
      yield* Supervisor.startLink(
        self,
        ["a", "b", "c"].map((n) => spec(n, events)),
        { strategy },
      );
      const before = {
        a: self.whereis("a")!,
        b: self.whereis("b")!,
        c: self.whereis("c")!,
      };
      events.length = 0;
      self.exit(before.b, "kill");
      yield* restarted(self, "b", before.b);
      yield* restarted(
        self,
        "c",
        strategy === "one_for_all" || strategy === "rest_for_one"
          ? before.c
          : undefined,
      );
      return { before, a: self.whereis("a"), c: self.whereis("c") };
    });
    assert.equal(got.a !== got.before.a, expected.a);
    assert.equal(got.c !== got.before.c, expected.c);
    assert.deepEqual(
      events.filter((e) => e.startsWith("terminate")),
      expected.stopped,
    );
    const inits = events.filter((e) => e.startsWith("init"));
    assert.deepEqual(
      inits,
      expected.a ? ["init a", "init b", "init c"] : ["init b", "init c"],
    );
  });
}

Deno.test("supervisor_restart_types: permanent restarts even after :normal; transient only after an abnormal exit; temporary never, and is removed", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(self, [
        spec("p", [], "permanent"),
        spec("t", [], "transient"),
        spec("x", [], "temporary"),
      ], { strategy: "one_for_one", maxRestarts: 10 }),
    );
    const p = self.whereis("p")!;
    GenServer.cast(self, "p", "normal");
    const p2 = yield* restarted(self, "p", p);
    GenServer.cast(self, "t", "normal");
    GenServer.cast(self, "x", "kaboom");
    yield* self.sleep(10);
    const afterNormal = yield* Supervisor.whichChildren(self, sup);
    return { p, p2, afterNormal };
  });
  assert.notEqual(got.p2, got.p);
  assert.deepEqual(
    got.afterNormal.map((
      c,
    ) => [c.id, c.child === "undefined" ? "undefined" : "pid"]),
    [["t", "undefined"], ["p", "pid"]],
  );
  const reports = rt.entries.map((e) => e.split("\n")[1]);
  assert.deepEqual(
    reports.filter((l) => l.includes("Child")).map((l) =>
      l.replace(/^.*\] /, "")
    ),
    [
      "Child :p of Supervisor #PID<0.101.0> (Supervisor.Default) terminated"
        .replace(
          /0\.101\.0/,
          reports.join("").match(/#PID<(0\.\d+\.0)> \(Supervisor/)?.[1] ?? "",
        ),
      // the temporary child died abnormally: reported, not restarted
      ...reports.filter((l) => l.includes("Child :x")).map((l) =>
        l.replace(/^.*\] /, "")
      ),
    ],
  );
  assert.ok(
    rt.entries.some((e) =>
      e.includes("Child :x of Supervisor") && e.includes("** (exit) :kaboom")
    ),
  );
  assert.ok(!rt.entries.some((e) => e.includes("Child :t of Supervisor")));
});

Deno.test("supervisor_intensity: more than max_restarts in max_seconds reports :reached_max_restart_intensity, stops the children and exits with :shutdown", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const sup = ok(
      yield* Supervisor.startLink(self, [spec("a"), spec("b")], {
        strategy: "one_for_one",
        name: "MySup",
      }),
    );
    let pid = self.whereis("b");
    for (let kill = 1; kill <= 4; kill++) {
      self.exit(pid!, "kill");
      if (kill < 4) pid = yield* restarted(self, "b", pid);
    }
    const exit = yield* self.receive(isExit);
    return { sup, exit, a: self.whereis("a"), b: self.whereis("b") };
  });
  assert.equal(got.exit.from, got.sup);
  assert.equal(got.exit.reason, "shutdown");
  assert.equal(got.a, undefined);
  assert.equal(got.b, undefined);
  const heads = rt.entries.map((e) =>
    e.split("\n").slice(1, 3).join(" | ").replace(/^.*\] /, "")
  );
  assert.deepEqual(heads, [
    "Child :b of Supervisor MySup terminated | ** (exit) killed",
    "Child :b of Supervisor MySup terminated | ** (exit) killed",
    "Child :b of Supervisor MySup terminated | ** (exit) killed",
    "Child :b of Supervisor MySup terminated | ** (exit) killed",
    "Child :b of Supervisor MySup caused shutdown | ** (exit) :reached_max_restart_intensity",
  ]);
  assert.doesNotMatch(rt.entries[4], /Pid:/);
});

Deno.test("supervisor_intensity: restarts older than max_seconds no longer count", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const alive = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(self, [spec("a")], {
        strategy: "one_for_one",
      }),
    );
    let pid = self.whereis("a");
    for (let kill = 1; kill <= 6; kill++) {
      self.exit(pid!, "kill");
      // The call is answered after the EXIT before it is handled.
      const [child] = yield* Supervisor.whichChildren(self, sup);
      assert.notEqual(child.child, pid);
      pid = child.child as Pid;
      clock.advance(2000); // 6 restarts, never more than 3 within 5 s
    }
    return self.alive(sup);
  });
  assert.equal(alive, true);
});

Deno.test("supervisor_shutdown: stopping a supervisor stops its children in reverse start order with :shutdown", async () => {
  await using rt = testRuntime();
  const events: string[] = [];
  await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(
        self,
        ["a", "b", "c"].map((n) => spec(n, events)),
        { strategy: "one_for_one" },
      ),
    );
    yield* GenServer.stop(self, sup);
  });
  assert.deepEqual(events.slice(3), [
    "terminate c :shutdown",
    "terminate b :shutdown",
    "terminate a :shutdown",
  ]);
});

Deno.test("supervisor_shutdown: a child that ignores :shutdown is killed after its shutdown time; brutal_kill kills at once", async () => {
  await using rt = testRuntime();
  // A plain process that traps exits and ignores them (a GenServer would
  // stop on its parent's EXIT).
  const stubborn = (
    id: string,
    shutdown: Supervisor.Shutdown,
  ): Supervisor.ChildSpec => ({
    id,
    shutdown,
    start: async function* (self) {
      const pid = self.spawnLink(async function* (s) {
        s.flag("trap_exit", true);
        for (;;) yield* s.receive();
      });
      self.register(pid, id);
      return { type: "ok", pid };
    },
  });
  const got = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(self, [
        stubborn("slow", 30),
        stubborn("brutal", "brutal_kill"),
      ], { strategy: "one_for_one" }),
    );
    const slow = self.monitor("slow");
    const brutal = self.monitor("brutal");
    const t0 = Date.now();
    yield* GenServer.stop(self, sup);
    const downs = [yield* self.receive(), yield* self.receive()] as {
      ref: unknown;
      reason: unknown;
    }[];
    return {
      ms: Date.now() - t0,
      slow: downs.find((d) => d.ref === slow)?.reason,
      brutal: downs.find((d) => d.ref === brutal)?.reason,
    };
  });
  assert.equal(got.brutal, "killed");
  assert.equal(got.slow, "killed");
  assert.ok(got.ms >= 25, `stopped after ${got.ms} ms`);
});

Deno.test("supervisor_parent_exit: the supervisor's parent exiting stops the children, and the supervisor exits with the parent's reason", async () => {
  await using rt = testRuntime();
  const events: string[] = [];
  let sup: Pid | undefined;
  const parent = rt.spawn(async function* (self) {
    sup = ok(
      yield* Supervisor.startLink(self, [spec("a", events)], {
        strategy: "one_for_one",
      }),
    );
    yield* self.receive();
  });
  for (let i = 0; i < 100 && sup === undefined; i++) {
    await new Promise((r) => setTimeout(r, 1));
  }
  const down = rt.monitor(sup!);
  rt.exit(parent, "kaboom");
  assert.equal((await down).reason, "kaboom");
  assert.deepEqual(events, ["init a", "terminate a :shutdown"]);
});

Deno.test("supervisor_child_calls: terminate_child, restart_child, delete_child and start_child answer as Elixir's do", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(self, [spec("a"), spec("c")], {
        strategy: "one_for_one",
      }),
    );
    const r: Record<string, string> = {};
    const show = (v: unknown) =>
      inspectReason(v).replace(/#PID<[\d.]+>/g, "pid");
    r.terminate = show(yield* Supervisor.terminateChild(self, sup, "c"));
    r.which = show(
      (yield* Supervisor.whichChildren(self, sup)).map((c) => c.child),
    );
    r.restart = show(yield* Supervisor.restartChild(self, sup, "c"));
    r.restartRunning = show(yield* Supervisor.restartChild(self, sup, "c"));
    r.deleteRunning = show(yield* Supervisor.deleteChild(self, sup, "c"));
    r.terminateUnknown = show(
      yield* Supervisor.terminateChild(self, sup, "zz"),
    );
    r.start = show(yield* Supervisor.startChild(self, sup, spec("d")));
    r.startAgain = show(yield* Supervisor.startChild(self, sup, spec("d")));
    yield* Supervisor.terminateChild(self, sup, "d");
    r.startPresent = show(yield* Supervisor.startChild(self, sup, spec("d")));
    r.delete = show(yield* Supervisor.deleteChild(self, sup, "d"));
    r.count = show(yield* Supervisor.countChildren(self, sup));
    return r;
  });
  assert.deepEqual(got, {
    terminate: ":ok",
    which: "[:undefined, pid]",
    restart: "{:ok, pid}",
    restartRunning: "{:error, :running}",
    deleteRunning: "{:error, :running}",
    terminateUnknown: "{:error, :not_found}",
    start: "{:ok, pid}",
    startAgain: "{:error, {:already_started, pid}}",
    startPresent: "{:error, :already_present}",
    delete: ":ok",
    count: "%{specs: 2, active: 2, supervisors: 0, workers: 2}",
  });
});

Deno.test("supervisor_module: a module's init gives the children and flags; child_spec derives from a GenServer module as use GenServer does", async () => {
  await using rt = testRuntime();
  const App: Supervisor.SupervisorModule<string[]> = {
    name: "App.Supervisor",
    init: (names) => ({
      children: names.map((n) => spec(n)),
      strategy: "one_for_one",
    }),
  };
  const got = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(self, App, ["a"], { name: "App" }),
    );
    return yield* Supervisor.whichChildren(self, sup);
  });
  assert.equal(got.length, 1);
  const derived = Supervisor.childSpec(worker(), "a");
  assert.equal(derived.id, "W");
  assert.equal(derived.startCall, 'W.start_link("a")');
  assert.equal(derived.restart, "permanent");
  assert.equal(derived.shutdown, 5000);
});

Deno.test("dynamic_supervisor: start_child adds children without ids; terminate_child takes a pid; max_children caps them", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const sup = ok(yield* Supervisor.startDynamic(self, { maxChildren: 2 }));
    const a = ok(yield* Supervisor.startChild(self, sup, spec("a")));
    ok(yield* Supervisor.startChild(self, sup, spec("b")));
    const full = yield* Supervisor.startChild(self, sup, spec("c"));
    const which = yield* Supervisor.whichChildren(self, sup);
    const terminated = yield* Supervisor.terminateChild(self, sup, a);
    self.exit(self.whereis("b")!, "kill");
    const b2 = yield* restarted(self, "b");
    return {
      full,
      which,
      terminated,
      count: yield* Supervisor.countChildren(self, sup),
      b2,
    };
  });
  assert.deepEqual(got.full, { type: "error", reason: "max_children" });
  assert.deepEqual(got.which.map((c) => c.id), ["undefined", "undefined"]);
  assert.equal(got.terminated, "ok");
  assert.deepEqual(got.count, {
    specs: 1,
    active: 1,
    supervisors: 0,
    workers: 1,
  });
});

Deno.test("supervisor_restart_failure: a failed restart is reported and retried, each retry counting toward the intensity (checked on Elixir 1.14)", async () => {
  await using rt = testRuntime();
  let fail = false;
  const Flaky: GenServerModule<undefined, undefined> = {
    name: "Flaky",
    init: (_arg, self) => {
      self.register(self.pid, "flaky");
      return fail
        ? { type: "stop", reason: "nope" }
        : { type: "ok", state: undefined };
    },
  };
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const sup = ok(
      yield* Supervisor.startLink(self, [
        Supervisor.childSpec(Flaky, undefined, { id: "a" }),
      ], {
        strategy: "one_for_one",
      }),
    );
    self.send(sup, "hello");
    fail = true;
    self.exit(self.whereis("flaky")!, "kill");
    return { sup, exit: yield* self.receive(isExit) };
  });
  assert.equal(got.exit.reason, "shutdown");
  const label = `#PID<${String(got.sup).slice(5, -1)}> (Supervisor.Default)`;
  const heads = rt.entries.map((e) =>
    e.split("\n").slice(1, 3).join(" | ").replace(/^.*\] /, "")
  );
  assert.deepEqual(heads, [
    // Elixir sent the atom :hello; a bare string message prints as a string.
    'Supervisor received unexpected message: "hello"',
    `Child :a of Supervisor ${label} terminated | ** (exit) killed`,
    `Child :a of Supervisor ${label} failed to start | ** (exit) :nope`,
    `Child :a of Supervisor ${label} failed to start | ** (exit) :nope`,
    `Child :a of Supervisor ${label} failed to start | ** (exit) :nope`,
    `Child :a of Supervisor ${label} caused shutdown | ** (exit) :reached_max_restart_intensity`,
  ]);
});

Deno.test("supervisor: :sys.get_state answers with the supervisor's state and leaves it running", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const sup = ok(
      yield* Supervisor.startLink(self, [spec("a")], {
        strategy: "one_for_one",
      }),
    );
    const state = yield* GenServer.getState(self, sup);
    return { state, alive: self.alive(sup), a: self.whereis("a") };
  });
  assert.equal(got.alive, true);
  assert.ok(typeof got.state === "object" && got.state !== null);
  assert.ok(got.a !== undefined);
});
