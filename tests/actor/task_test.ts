import assert from "node:assert/strict";
import {
  ExitError,
  inspect,
  inspectReason,
  type Self,
  TIMEOUT,
} from "../../lib/actor/mod.ts";
import * as Task from "../../lib/actor/task.ts";
import { testRuntime } from "../_support.ts";

async function* after<T>(self: Self, ms: number, value: T) {
  yield* self.sleep(ms);
  return value;
}

function* syncAfter<T>(self: Self, ms: number, value: T) {
  yield* self.sleep(ms);
  return value;
}

Deno.test("Task.async/await: tasks run concurrently and await gives each result", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const tasks = [30, 10, 20].map((ms) =>
      Task.async(self, (t) => after(t, ms, ms))
    );
    const results = [];
    for (const task of tasks) results.push(yield* Task.await(self, task));
    return { results, mailbox: self.info(self.pid, "message_queue_len") };
  });
  assert.deepEqual(got.results, [30, 10, 20]);
  assert.equal(got.mailbox, 0); // replies and DOWNs flushed
});

Deno.test("Task.await: no reply in time exits the caller with {:timeout, {Task, :await, [task, timeout]}}", async () => {
  await using rt = testRuntime();
  const reason = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const task = Task.async(self, (t) => after(t, 1000, "late"));
    try {
      yield* Task.await(self, task, 10);
    } catch (e) {
      if (e instanceof ExitError) return inspectReason(e.reason);
    }
  });
  assert.match(reason!, /^\{:timeout, \{Task, :await, \[/);
});

Deno.test("Task.async: a crashing task takes its caller down over the link", async () => {
  await using rt = testRuntime();
  const caller = rt.spawn(async function* (self) {
    const task = Task.async(self, async function* () {
      throw new Error("boom");
    });
    yield* Task.await(self, task);
  });
  const down = await rt.monitor(caller);
  assert.match(inspect(down.reason), /RuntimeError/);
});

Deno.test("Process.send_after: the message arrives after the delay; the timer dies with the process", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.sendAfter("refresh", 10);
    const early = yield* self.receive(undefined, { after: 0 });
    const late = yield* self.receive(undefined, { after: 100 });
    return { early, late };
  });
  assert.equal(got.early, TIMEOUT);
  assert.equal(got.late, "refresh");
  const pid = rt.spawn(async function* (self) {
    self.sendAfter("never", 10_000);
    yield* self.receive();
  });
  const down = rt.monitor(pid);
  rt.exit(pid, "kill");
  await down; // the runtime's dispose would hang on a live 10 s timer
});

Deno.test("Task.async: every task runs one body function of its kind, not a new one each (a new generator function costs V8 a hidden class in its old generation)", async () => {
  await using rt = testRuntime();
  const prototypes = await rt.run(async function* (self) {
    const seen: (object | null)[] = [];
    for (const fn of [after, after, syncAfter, syncAfter]) {
      const task = Task.async(self, (s) => fn(s, 0, 1));
      const gen = (task.pid.proc as { gen?: object }).gen;
      seen.push(Object.getPrototypeOf(gen));
      yield* Task.await(self, task);
    }
    return seen;
  });
  assert.equal(prototypes[0], prototypes[1]);
  assert.equal(prototypes[2], prototypes[3]);
  assert.notEqual(prototypes[0], prototypes[2]);
});
