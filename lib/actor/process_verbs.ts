/**
 * Elixir's `Process` and `Kernel` verbs, called without a `self`: the
 * calling process is the one whose step runs (current.ts). `receive`,
 * `sleep` and `await` block and are used with `yield*`; the others answer
 * at once. Each is the method of the same name on `self`, which works
 * everywhere (also in an `async function*` body after an `await`).
 *
 * @example Trapping an exit, as the lesson does
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { isExit, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const reason = await rt.run(function* () {
 *   Process.flag("trap_exit", true);
 *   Process.spawnLink(function* () {
 *     Process.exit("kaboom");
 *   });
 *   return (yield* Process.receive(isExit)).reason;
 * });
 * deepStrictEqual(reason, "kaboom");
 * ```
 *
 * @module
 */

import { current, Deferred } from "./current.ts";
import type { ExitReason } from "./exit_reason.ts";
import type { Info, InfoItem } from "./info.ts";
import type { DemonitorOptions } from "./proc.ts";
import type { Pid, Ref } from "./pid.ts";
import type { Body, Dest, Spawned, SpawnOptions } from "./process.ts";
import type { TIMEOUT } from "./receive.ts";

/** `self/0`. @returns the calling process's pid */
export function self(): Pid {
  return current("pid").pid;
}

/** `send/2`. @returns msg */
export function send<M>(dest: Dest, msg: M): M {
  return current("send").send(dest, msg);
}

/** `receive` without `after`: waits for the oldest accepted message. */
export function receive<T = unknown>(
  accept?: (msg: unknown) => msg is T,
  options?: { after?: undefined },
): Deferred<T>;
/** `receive ... after ms`: {@linkcode TIMEOUT} when none came in time. */
export function receive<T = unknown>(
  accept: ((msg: unknown) => msg is T) | undefined,
  options: { after: number },
): Deferred<T | typeof TIMEOUT>;
export function receive(
  accept?: (msg: unknown) => boolean,
  options?: { after?: number },
): Deferred<unknown> {
  return new Deferred((self) =>
    self.receive(
      accept as ((msg: unknown) => msg is unknown) | undefined,
      options as { after: number },
    )
  );
}

/** `Process.sleep/1`. @returns the deferred sleep */
export function sleep(ms: number): Deferred<void> {
  return new Deferred((self) => self.sleep(ms));
}

/** Waits for a host promise (see awaiting.ts). @returns its value */
export function await_<T>(promise: PromiseLike<T>): Deferred<T> {
  return new Deferred((self) => self.await(promise));
}

/** `Process.send_after/3` to the caller itself. @returns msg */
export function sendAfter<M>(msg: M, ms: number): M {
  return current("sendAfter").sendAfter(msg, ms);
}

/** `spawn/1`, or `Process.spawn/2` with `link`/`monitor`. */
export function spawn(
  body: Body,
  options?: SpawnOptions & { monitor?: false },
): Pid;
/** `Process.spawn(fun, [:monitor])`. @returns `{ pid, ref }` */
export function spawn(
  body: Body,
  options: SpawnOptions & { monitor: true },
): Spawned;
export function spawn(body: Body, options?: SpawnOptions): Pid | Spawned {
  return current("spawn").spawn(body, options as SpawnOptions);
}

/** `spawn_link/1`. @returns the new pid */
export function spawnLink(body: Body): Pid {
  return current("spawnLink").spawnLink(body);
}

/** `spawn_monitor/1`. @returns `{ pid, ref }` */
export function spawnMonitor(body: Body): Spawned {
  return current("spawnMonitor").spawnMonitor(body);
}

/** `Process.link/1`. @returns true */
export function link(pid: Pid): true {
  return current("link").link(pid);
}

/** `Process.unlink/1`. @returns true */
export function unlink(pid: Pid): true {
  return current("unlink").unlink(pid);
}

/** `exit/1`: ends the caller with `reason`. */
export function exit(reason: ExitReason): never;
/** `Process.exit/2`: sends an exit signal. @returns true */
export function exit(pid: Pid, reason: ExitReason): true;
export function exit(...args: [ExitReason] | [Pid, ExitReason]): true {
  const self = current("exit");
  return args.length === 1 ? self.exit(args[0]) : self.exit(...args);
}

/** `Process.flag(:trap_exit, value)`. @returns the previous value */
export function flag(flag: "trap_exit", value: boolean): boolean {
  return current("flag").flag(flag, value);
}

/** `Process.monitor/1`. @returns a new ref */
export function monitor(target: Dest): Ref {
  return current("monitor").monitor(target);
}

/** `Process.demonitor/2`. @returns see monitor.ts */
export function demonitor(ref: Ref, options?: DemonitorOptions): boolean {
  return current("demonitor").demonitor(ref, options);
}

/** `Process.register/2`. @returns true */
export function register(pid: Pid, name: string): true {
  return current("register").register(pid, name);
}

/** `Process.unregister/1`. @returns true */
export function unregister(name: string): true {
  return current("unregister").unregister(name);
}

/** `Process.whereis/1`. @returns the pid, or undefined (`nil`) */
export function whereis(name: string): Pid | undefined {
  return current("whereis").whereis(name);
}

/** `Process.alive?/1`. @returns whether `pid` runs */
export function alive(pid: Pid): boolean {
  return current("alive").alive(pid);
}

/** `Process.info/2`. @returns the item, or undefined (`nil`) for a dead pid */
export function info<K extends InfoItem>(
  pid: Pid,
  item: K,
): Info[K] | undefined {
  return current("info").info(pid, item);
}

export { await_ as await };
