import assert from "node:assert/strict";
import {
  type Body,
  ExitError,
  isExit,
  logUncaught,
  ManualClock,
  memoryLogger,
  TIMEOUT,
} from "../../lib/actor/mod.ts";
import { Timers } from "../../lib/actor/timers.ts";
import { idle, testRuntime } from "../_support.ts";

const NOT_A_BODY: [string, unknown, string][] = [
  [
    "a number",
    42,
    "Cannot spawn 42: a process body must be a generator function",
  ],
  [
    "nil",
    undefined,
    "Cannot spawn nil: a process body must be a generator function",
  ],
  [
    "a string",
    "idle",
    'Cannot spawn "idle": a process body must be a generator function',
  ],
  [
    "an async function",
    async function work() {},
    "Cannot spawn async function work: a process body must be a generator function",
  ],
  [
    "an anonymous async arrow",
    async () => {},
    "Cannot spawn an anonymous async function: a process body must be a generator function",
  ],
  [
    "a function returning nothing",
    function start() {},
    "Cannot spawn function start: it returned nil, not a generator",
  ],
  [
    "a function returning a promise",
    function later() {
      return Promise.resolve();
    },
    "Cannot spawn function later: it returned a Promise, not a generator",
  ],
];

Deno.test("spawn: a body that is not a generator function is a TypeError at the call", async () => {
  await using rt = testRuntime();
  for (const [what, body, message] of NOT_A_BODY) {
    assert.throws(
      () => rt.spawn(body as Body),
      (e) => e instanceof TypeError && e.message === message,
      what,
    );
    assert.throws(() => rt.run(body as Body), { message }, `run: ${what}`);
  }
  assert.equal(rt.processCount, 0);
  assert.deepEqual(rt.entries, []);
});

Deno.test("spawnLink: a caller that spawns a non-body raises the TypeError and gets no EXIT", async () => {
  await using rt = testRuntime();
  const caught = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    let error: unknown;
    try {
      self.spawnLink((() => 42) as unknown as Body);
    } catch (e) {
      error = e;
    }
    const exit = yield* self.receive(isExit, { after: 0 });
    return { error, exit, links: self.info(self.pid, "links") };
  });
  assert.ok(caught.error instanceof TypeError);
  assert.equal(
    caught.error.message,
    "Cannot spawn an anonymous function: it returned 42, not a generator",
  );
  assert.equal(caught.exit, TIMEOUT);
  assert.deepEqual(caught.links, []);
  assert.equal(rt.processCount, 0);
});

/** Bodies that raise before their first yield, and the error each raises. */
function raisers(): [string, Body, unknown][] {
  const early = new Error("early");
  const called = new Error("called");
  const awaited = new Error("awaited");
  return [
    ["an async generator raising at once", async function* () {
      throw early;
    }, early],
    ["a function raising when called", () => {
      throw called;
    }, called],
    ["a function throwing a non-error when called", () => {
      throw "thrown";
    }, "thrown"],
    ["an async generator raising after an await", async function* () {
      await Promise.resolve();
      throw awaited;
    }, awaited],
  ];
}

Deno.test("exit: a body that throws before its first yield exits with the error, and its monitors are told", async () => {
  await using rt = testRuntime();
  for (const [what, body, error] of raisers()) {
    const pid = rt.spawn(body);
    const down = await rt.monitor(pid);
    assert.deepEqual(down.reason, { error }, what);
    assert.equal(rt.alive(pid), false, what);
    assert.equal(rt.processCount, 0, what);
    assert.match(
      rt.entries.at(-1)!,
      new RegExp(
        `\\[error\\] Process ${
          RegExp.escape(String(pid))
        } raised an exception\\n\\*\\* \\(`,
      ),
      what,
    );
  }
  assert.equal(rt.entries.length, raisers().length);
});

Deno.test("exit: a body that throws before its first yield exits with the error, and its links are told", async () => {
  await using rt = testRuntime();
  for (const [what, body, error] of raisers()) {
    const exit = await rt.run(async function* (self) {
      self.flag("trap_exit", true);
      const child = self.spawnLink(body);
      const exit = yield* self.receive(isExit);
      assert.equal(exit.from, child, what);
      return exit;
    });
    assert.deepEqual(exit.reason, { error }, what);

    let child: unknown;
    const parent = rt.spawn(async function* (self) {
      child = self.spawnLink(body);
      yield* idle(self);
    });
    const down = await rt.monitor(parent);
    assert.deepEqual(down.reason, { error }, `the parent of ${what}`);
    assert.equal(rt.alive(child as typeof parent), false);
    assert.equal(rt.processCount, 0, what);
  }
});

Deno.test("exit: a body that calls exit/1 when called exits with that reason, unlogged", async () => {
  await using rt = testRuntime();
  const pid = rt.spawn((self) => self.exit("kaboom"));
  assert.equal((await rt.monitor(pid)).reason, "kaboom");
  assert.equal(rt.processCount, 0);
  assert.deepEqual(rt.entries, []);
});

Deno.test("exit: a body killed while it is being called leaves no zombie, and its link is told", async () => {
  await using rt = testRuntime();
  const exit = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const child = self.spawnLink((me) => {
      rt.exit(me.pid, "kill");
      return idle(me);
    });
    assert.equal(self.alive(child), false);
    return yield* self.receive(isExit);
  });
  assert.equal(exit.reason, "killed");
  assert.equal(rt.processCount, 0);
});

Deno.test("scheduler: a next() that throws instead of rejecting ends that process; the rest of the batch runs", async () => {
  await using rt = testRuntime();
  const error = new Error("sync");
  const broken = rt.spawn((self) => {
    const gen = idle(self);
    gen.next = () => {
      throw error;
    };
    return gen;
  });
  const sibling = rt.spawn(async function* () {});
  const [down, other] = await Promise.all([
    rt.monitor(broken),
    rt.monitor(sibling),
  ]);
  assert.deepEqual(down.reason, { error });
  assert.equal(other.reason, "normal");
  assert.equal(rt.processCount, 0);
  assert.equal(rt.entries.length, 1);
});

Deno.test("timers: a callback that throws is reported, the others due still fire, and the next one is armed", () => {
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const timers = new Timers(clock, (e) => errors.push(e));
  const fired: string[] = [];
  const boom = new Error("boom");
  timers.schedule(10, () => fired.push("a"));
  timers.schedule(10, () => {
    throw boom;
  });
  timers.schedule(10, () => fired.push("b"));
  timers.schedule(20, () => fired.push("c"));
  clock.advance(10);
  assert.deepEqual(fired, ["a", "b"]);
  assert.deepEqual(errors, [boom]);
  assert.equal(timers.size, 1);
  clock.advance(10);
  assert.deepEqual(fired, ["a", "b", "c"]);
  assert.equal(timers.size, 0);
});

Deno.test("timers: when the error handler itself throws, what is left still fires on the next turn", () => {
  const clock = new ManualClock();
  const timers = new Timers(clock, (e) => {
    throw e;
  });
  const fired: string[] = [];
  timers.schedule(10, () => {
    throw new Error("boom");
  });
  timers.schedule(10, () => fired.push("due"));
  timers.schedule(30, () => fired.push("later"));
  assert.throws(() => clock.advance(10), /boom/);
  assert.deepEqual(fired, []);
  clock.advance(0); // re-armed for the one already due
  assert.deepEqual(fired, ["due"]);
  clock.advance(20);
  assert.deepEqual(fired, ["due", "later"]);
});

Deno.test("timers: a runtime timer whose callback throws is logged, and the runtime's other timers fire", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  rt.timers.schedule(5, () => {
    throw new Error("tick");
  });
  const got = rt.run(async function* (self) {
    self.sendAfter("ping", 5);
    return yield* self.receive();
  });
  await rt.scheduler.settled(); // the process waits in its receive
  clock.advance(5);
  assert.equal(await got, "ping");
  assert.equal(rt.entries.length, 1);
  assert.match(
    rt.entries[0],
    /\[error\] Uncaught exception outside any process\n\*\* \(RuntimeError\) tick\n/,
  );
});

Deno.test("host: an error that surfaces while a process's step runs is reported as that process's", async () => {
  await using rt = testRuntime();
  const { logger, entries } = memoryLogger();
  const report = logUncaught({ logger });
  const pid = rt.spawn(async function* (self) {
    report(new Error("during the step"), "exception");
    yield* idle(self);
  });
  await rt.scheduler.settled();
  report(new Error("between steps"), "exception");
  assert.equal(entries.length, 2);
  assert.match(
    entries[0],
    new RegExp(
      `\\[error\\] Process ${
        RegExp.escape(String(pid))
      } raised an exception\\n\\*\\* \\(RuntimeError\\) during the step\\n`,
    ),
  );
  assert.match(
    entries[1],
    /\[error\] Uncaught exception outside any process\n\*\* \(RuntimeError\) between steps\n/,
  );
});

Deno.test("host: what the process API raises in a helper that outlived its process names the process", async () => {
  await using rt = testRuntime();
  const { logger, entries } = memoryLogger();
  const report = logUncaught({ logger });
  const gate = Promise.withResolvers<void>();
  const started = Promise.withResolvers<{ helper: Promise<void> }>();
  const pid = rt.spawn(async function* (self) {
    const helper = (async () => {
      await gate.promise;
      self.send(self.pid, "too late");
    })();
    started.resolve({ helper });
    yield* idle(self);
  });
  const { helper } = await started.promise;
  const down = rt.monitor(pid);
  rt.exit(pid, "kill");
  await down;
  gate.resolve();
  // What the host's hook would be given: the helper's rejection.
  await helper.catch((e) => report(e, "rejection"));
  assert.equal(entries.length, 1);
  assert.match(
    entries[0],
    new RegExp(
      `\\[error\\] Process ${
        RegExp.escape(String(pid))
      } raised an exception\\n\\*\\* \\(Dead\\) The process has exited\\n`,
    ),
  );
});

Deno.test("host: an exit/1 in an unawaited helper is reported as that process's, not as a crash of it", async () => {
  await using rt = testRuntime();
  const { logger, entries } = memoryLogger();
  const report = logUncaught({ logger });
  const helped = Promise.withResolvers<{ helper: Promise<void> }>();
  const pid = rt.spawn(async function* (self) {
    const helper = (async () => {
      await null;
      self.exit("from_a_helper");
    })();
    helped.resolve({ helper });
    yield* idle(self);
  });
  const { helper } = await helped.promise;
  const error = await helper.catch((e) => e);
  assert.ok(error instanceof ExitError);
  report(error, "rejection");
  assert.match(
    entries[0],
    new RegExp(`Process ${RegExp.escape(String(pid))} raised`),
  );
  assert.equal(rt.alive(pid), true); // logged; the process itself goes on
});
