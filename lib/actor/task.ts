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
 * @module
 */

import { ExitError, isDown, Tuple } from "./exit_reason.ts";
import type { Pid, Ref } from "./pid.ts";
import type { Self } from "./process.ts";
import { TIMEOUT } from "./receive.ts";

/** `%Task{}`: what `await` needs. */
export interface Task<T> {
  readonly pid: Pid;
  readonly ref: Ref;
  /** Only carries the result type. */
  readonly result?: T;
}

/**
 * `Task.async/1`.
 *
 * @param self the caller, which will await the task
 * @param fn the computation, run in the task's process
 * @returns the task
 */
export function async<T>(
  self: Self,
  fn: (task: Self) => AsyncGenerator<unknown, T, unknown>,
): Task<T> {
  const caller = self.pid;
  const monitor: { ref?: Ref } = {};
  const pid = self.spawnLink(async function* (task) {
    const result = yield* fn(task);
    // The task runs after the caller's step that spawned it, so ref is set.
    task.send(caller, new Tuple(monitor.ref, result));
  });
  const ref = monitor.ref = self.monitor(pid);
  return { pid, ref };
}

/**
 * `Task.await/2`: use with `yield*`.
 *
 * @param self the caller that started the task
 * @param task the task
 * @param timeout how long to wait, in ms
 * @returns the task's result
 */
export async function* await_<T>(
  self: Self,
  task: Task<T>,
  timeout = 5000,
): AsyncGenerator<unknown, T, unknown> {
  const mine = (m: unknown): m is Tuple | { reason: unknown } =>
    (m instanceof Tuple && m.items[0] === task.ref) ||
    (isDown(m) && m.ref === task.ref);
  const msg = yield* self.receive(mine, { after: timeout });
  const mfa = new Tuple("Task", "await", [task, timeout]);
  if (msg === TIMEOUT) {
    self.demonitor(task.ref, { flush: true });
    throw new ExitError(new Tuple("timeout", mfa));
  }
  if (msg instanceof Tuple) {
    self.demonitor(task.ref, { flush: true });
    return msg.items[1] as T;
  }
  throw new ExitError(new Tuple(msg.reason, mfa));
}

export { await_ as await };
