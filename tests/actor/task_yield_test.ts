import assert from "node:assert/strict";
import { isExit, ManualClock, type Self } from "../../lib/actor/mod.ts";
import * as Task from "../../lib/actor/task.ts";
import { testRuntime } from "../_support.ts";

/** A task body that waits for "go", then returns `value`. */
function onGo<T>(value: T) {
  return async function* (self: Self) {
    yield* self.receive((m): m is "go" => m === "go");
    return value;
  };
}

Deno.test("Task.yield: the reply gives {:ok, reply}, and the monitor is flushed", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const task = Task.async(self, async function* () {
      return 42;
    });
    const result = yield* Task.yield(self, task, 1000);
    return {
      result,
      mailbox: self.info(self.pid, "message_queue_len"),
      monitors: self.info(self.pid, "monitors"),
    };
  });
  assert.deepEqual(got.result, { type: "ok", reply: 42 });
  assert.equal(got.mailbox, 0);
  assert.deepEqual(got.monitors, []);
});

Deno.test("Task.yield: no reply in time gives nil; the task keeps running and a later yield takes its reply", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const log: unknown[] = [];
  const waiting = Promise.withResolvers<void>();
  const got = rt.run(async function* (self) {
    const task = Task.async(self, onGo("late"));
    waiting.resolve();
    log.push(yield* Task.yield(self, task, 1000));
    const alive = self.alive(task.pid);
    const monitored = self.info(self.pid, "monitors")!.length;
    self.send(task.pid, "go");
    return { alive, monitored, again: yield* Task.yield(self, task, 1000) };
  });
  await waiting.promise;
  clock.advance(999);
  await rt.scheduler.settled();
  assert.deepEqual(log, []); // still waiting
  clock.advance(1);
  const { alive, monitored, again } = await got;
  assert.deepEqual(log, [undefined]);
  assert.equal(alive, true);
  assert.equal(monitored, 1); // nil leaves the monitor in place
  assert.deepEqual(again, { type: "ok", reply: "late" });
});

Deno.test("Task.yield: the default timeout is 5000 ms", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const log: unknown[] = [];
  const waiting = Promise.withResolvers<void>();
  const got = rt.run(async function* (self) {
    const task = Task.async(self, onGo("never"));
    waiting.resolve();
    log.push(yield* Task.yield(self, task));
    self.exit(task.pid, "kill");
  });
  await waiting.promise;
  clock.advance(4999);
  await rt.scheduler.settled();
  assert.deepEqual(log, []);
  clock.advance(1);
  await got.catch(() => {}); // the killed task takes the caller with it
  assert.deepEqual(log, [undefined]);
});

Deno.test("Task.yield: a task that died gives {:exit, reason}; a trapping caller also gets the EXIT", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const task = Task.async(self, async function* (t) {
      return t.exit("kaboom");
    });
    const result = yield* Task.yield(self, task, 1000);
    const exit = yield* self.receive(isExit, { after: 0 });
    return { result, exit, task };
  });
  assert.deepEqual(got.result, { type: "exit", reason: "kaboom" });
  assert.deepEqual(got.exit, {
    type: "EXIT",
    from: got.task.pid,
    reason: "kaboom",
  });
});

Deno.test("Task.yield_many: one timeout for all; results in the tasks' order, nil for those still running", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const waiting = Promise.withResolvers<void>();
  const got = rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const slow = Task.async(self, onGo("slow"));
    const quick = Task.async(self, async function* () {
      return "quick";
    });
    const dying = Task.async(self, async function* (t) {
      return t.exit("kaboom");
    });
    waiting.resolve();
    const results = yield* Task.yieldMany(self, [slow, quick, dying], 100);
    self.exit(slow.pid, "kill");
    return results.map(([task, result]) => [task === slow, result]);
  });
  await waiting.promise;
  clock.advance(100);
  assert.deepEqual(await got, [
    [true, undefined],
    [false, { type: "ok", reply: "quick" }],
    [false, { type: "exit", reason: "kaboom" }],
  ]);
});

Deno.test("Task.yield and Task.yield_many: receives, so a function* (a sync-generator callback) can delegate to them", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    function* ask() {
      const one = Task.async(self, async function* () {
        return 42;
      });
      const two = Task.async(self, async function* () {
        return 43;
      });
      const first = yield* Task.yield(self, one, 1000);
      const [[, second]] = yield* Task.yieldMany(self, [two], 1000);
      return [first, second];
    }
    return yield* ask();
  });
  assert.deepEqual(got, [
    { type: "ok", reply: 42 },
    { type: "ok", reply: 43 },
  ]);
});
