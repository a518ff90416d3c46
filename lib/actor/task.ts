/**
 * `Task.async/1` and `Task.await/2`: run a computation in a linked process
 * and wait for its result.
 *
 * 1. `async` spawns the task linked to the caller and monitors it; the
 *    task sends `{ref, result}` when its body returns.
 * 2. `await` takes that reply and flushes the monitor.
 * 3. If the task dies first, `await` exits the caller with
 *    `{reason, {Task, :await, [task, timeout]}}` (a crash also reaches the
 *    caller over the link).
 * 4. If no reply comes within the timeout (default 5,000 ms), the caller
 *    exits with `{:timeout, {Task, :await, [task, timeout]}}`.
 *
 * `Task.yield/2` waits the same way without exiting the caller:
 * 1. The reply gives `{ type: "ok", reply }` (`{:ok, reply}`), and the
 *    monitor is flushed.
 * 2. A task that died first gives `{ type: "exit", reason }`
 *    (`{:exit, reason}`); a caller trapping exits still gets the EXIT.
 * 3. No reply in time (default 5,000 ms) gives `undefined` (`nil`): the
 *    task keeps running and stays monitored, so a later `yield` or `await`
 *    can still take its reply.
 *
 * `Task.yield_many/2` yields each task within one timeout for all, and
 * gives the results in the tasks' order.
 *
 * @module
 */

import {
  type Down,
  ExitError,
  type ExitReason,
  isDown,
  Tuple,
} from "./exit_reason.ts";
import { isSyncGenerator } from "./body.ts";
import { current, Deferred, fromCaller } from "./current.ts";
import type { Pid, Ref } from "./pid.ts";
import type { Process, Self } from "./process.ts";
import { Receive, TIMEOUT } from "./receive.ts";

const LINK_MONITOR = { link: true, monitor: true } as const;

/** `%Task{}`: what `await` needs. */
export interface Task<T> {
  /** The task's process. */
  readonly pid: Pid;
  /** The monitor's ref, which its reply is tagged with. */
  readonly ref: Ref;
  /** Only carries the result type. */
  readonly result?: T;
}

/** A task's computation: a body of either kind that returns the result. */
export type TaskFn<T> = (
  task: Self,
) => AsyncGenerator<unknown, T, unknown> | Generator<unknown, T, unknown>;

/**
 * `Task.async/1`: from the running process, or from `self` when given.
 *
 * @example Elixir's `Task.async(fn -> ... end) |> Task.await()`
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { startRuntime, Task } from "./mod.ts";
 * await using rt = startRuntime();
 * const n = await rt.run(function* () {
 *   const task = Task.async(function* () {
 *     return 6 * 7;
 *   });
 *   return yield* Task.await(task);
 * });
 * strictEqual(n, 42);
 * ```
 * @param fn the computation, run in the task's process
 * @returns the task
 */
export function async<T>(fn: TaskFn<T>): Task<T>;
/** `Task.async/1` from `self`, which will await the task. */
export function async<T>(self: Self, fn: TaskFn<T>): Task<T>;
export function async<T>(a: Self | TaskFn<T>, b?: TaskFn<T>): Task<T> {
  const self = typeof a === "function" ? current("Task.async") : a;
  const fn = typeof a === "function" ? a : b!;
  const caller = self.pid;
  const reply = (task: Self, result: T) =>
    // The task runs after the caller's step that spawned it: spawned is set.
    task.send(caller, new Tuple(spawned.ref, result));
  const spawned = self.spawn(function (task) {
    const gen = fn(task);
    // One generator function of each kind for every task (see body.ts).
    return isSyncGenerator(gen)
      ? replying(task, gen, reply)
      : replyingAsync(task, gen, reply);
  }, LINK_MONITOR);
  return spawned;
}

/** A sync task's body: runs `gen`, then replies with what it returned. */
function* replying<T>(
  task: Self,
  gen: Generator<unknown, T, unknown>,
  reply: (task: Self, result: T) => void,
): Generator<unknown, void, unknown> {
  reply(task, yield* gen);
}

/** An async task's body, as {@linkcode replying}. */
async function* replyingAsync<T>(
  task: Self,
  gen: AsyncGenerator<unknown, T, unknown>,
  reply: (task: Self, result: T) => void,
): AsyncGenerator<unknown, void, unknown> {
  reply(task, yield* gen);
}

/**
 * `Task.await/2`: use with `yield*`.
 *
 * @example Tasks run side by side; awaiting them in order keeps the order
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { startRuntime, Task } from "./mod.ts";
 * await using rt = startRuntime();
 * const squares = await rt.run(function* () {
 *   const tasks = [1, 2, 3].map((n) =>
 *     Task.async(function* () {
 *       return n * n;
 *     })
 *   );
 *   const results: number[] = [];
 *   for (const task of tasks) results.push(yield* Task.await(task));
 *   return results;
 * });
 * deepStrictEqual(squares, [1, 4, 9]);
 * ```
 * @param task the task
 * @param timeout how long to wait, in ms
 * @returns the task's result
 */
export function await_<T>(task: Task<T>, timeout?: number): Deferred<T>;
/** `Task.await/2` from `self`, the caller that started the task. */
export function await_<T>(
  self: Self,
  task: Task<T>,
  timeout?: number,
): Receive<T>;
export function await_<T>(
  a: Self | Task<T>,
  b?: Task<T> | number,
  c?: number,
): Receive<T> | Deferred<T> {
  return fromCaller(
    [a, b, c],
    (self, [task, timeout]) =>
      awaitFrom(self, task as Task<T>, timeout as number | undefined),
  );
}

function awaitFrom<T>(self: Self, task: Task<T>, timeout = 5000): Receive<T> {
  // A receive, not a generator: `yield*` works from sync generator
  // callbacks too, and a reply costs no generator of its own.
  return new Receive(self as Process, ofTask(task), timeout, (msg) => {
    if (msg instanceof Tuple) {
      self.demonitor(task.ref, { flush: true });
      return msg.items[1] as T;
    }
    const mfa = new Tuple("Task", "await", [task, timeout]);
    if (msg !== TIMEOUT) {
      throw new ExitError(new Tuple((msg as Down).reason, mfa));
    }
    self.demonitor(task.ref, { flush: true });
    throw new ExitError(new Tuple("timeout", mfa));
  });
}

/** What `Task.yield/2` gives: `{:ok, reply}`, `{:exit, reason}`, or `nil`. */
export type Yielded<T> =
  | { readonly type: "ok"; readonly reply: T }
  | { readonly type: "exit"; readonly reason: ExitReason }
  | undefined;

/**
 * `Task.yield/2`: waits up to `timeout` for the task's reply, and unlike
 * `await` leaves the caller running when it does not come. Use with
 * `yield*`.
 *
 * @example Give up waiting, but not on the task
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { Process, startRuntime, Task } from "./mod.ts";
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const task = Task.async(function* () {
 *     yield* Process.receive((m): m is "go" => m === "go");
 *     return "done";
 *   });
 *   const early = yield* Task.yield(task, 0); // nil: the task still runs
 *   Process.send(task.pid, "go");
 *   return [early, yield* Task.yield(task)];
 * });
 * deepStrictEqual(got, [undefined, { type: "ok", reply: "done" }]);
 * ```
 * @param task the task
 * @param timeout how long to wait, in ms
 * @returns `{ type: "ok", reply }`, `{ type: "exit", reason }`, or
 *   `undefined` (`nil`) when the timeout passed first
 */
export function yield_<T>(
  task: Task<T>,
  timeout?: number,
): Deferred<Yielded<T>>;
/** `Task.yield/2` from `self`, the caller that started the task. */
export function yield_<T>(
  self: Self,
  task: Task<T>,
  timeout?: number,
): Receive<Yielded<T>>;
export function yield_<T>(
  a: Self | Task<T>,
  b?: Task<T> | number,
  c?: number,
): Receive<Yielded<T>> | Deferred<Yielded<T>> {
  return fromCaller(
    [a, b, c],
    (self, [task, timeout]) =>
      yieldFrom(self, task as Task<T>, timeout as number | undefined),
  );
}

function yieldFrom<T>(
  self: Self,
  task: Task<T>,
  timeout = 5000,
): Receive<Yielded<T>> {
  // A receive, as `await` is: it works from sync generator callbacks too.
  const proc = self as Process;
  return new Receive(proc, ofTask(task), timeout, (msg): Yielded<T> => {
    if (msg === TIMEOUT) return undefined;
    if (msg instanceof Tuple) {
      self.demonitor(task.ref, { flush: true });
      return { type: "ok", reply: msg.items[1] as T };
    }
    return { type: "exit", reason: (msg as Down).reason };
  });
}

/**
 * `Task.yield_many/2`: yields every task within one `timeout` for all.
 *
 * @param self the caller that started the tasks
 * @param tasks the tasks
 * @param timeout how long to wait for all of them, in ms
 * @returns one `[task, result]` per task, in their order; `result` as
 *   `yield` gives it (`undefined` for a task still running)
 */
export function* yieldMany<T>(
  self: Self,
  tasks: readonly Task<T>[],
  timeout = 5000,
): Generator<unknown, [Task<T>, Yielded<T>][], unknown> {
  const clock = self.clock;
  const deadline = clock.now() + timeout;
  const results: [Task<T>, Yielded<T>][] = [];
  for (const task of tasks) {
    // Past the deadline, `after: 0` still takes a reply already there.
    const left = Math.max(0, deadline - clock.now());
    results.push([task, yield* yieldFrom(self, task, left)]);
  }
  return results;
}

/** `{ref, result}` or the DOWN of `task`'s monitor. */
function ofTask(task: Task<unknown>) {
  return (m: unknown): m is Tuple | Down =>
    (m instanceof Tuple && m.items[0] === task.ref) ||
    (isDown(m) && m.ref === task.ref);
}

export { await_ as await, yield_ as yield };
