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
  return current("self()", "self.pid").pid;
}

/**
 * `send/2`: delivers `msg` to a pid or a registered name and returns it.
 * A dead pid drops it silently; an unregistered name raises `ArgumentError`.
 *
 * @example send(pid, {:ping, self()}), then receive the answer
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { type Pid, Process, startRuntime } from "./mod.ts";
 * type Ping = { type: "ping"; from: Pid };
 * const isPing = (m: unknown): m is Ping => (m as Ping)?.type === "ping";
 * const isPong = (m: unknown): m is "pong" => m === "pong";
 * await using rt = startRuntime();
 * const answer = await rt.run(function* () {
 *   const echo = Process.spawn(function* () {
 *     const { from } = yield* Process.receive(isPing);
 *     Process.send(from, "pong");
 *   });
 *   Process.send(echo, { type: "ping", from: Process.self() });
 *   return yield* Process.receive(isPong);
 * });
 * strictEqual(answer, "pong");
 * ```
 * @param dest a pid or a registered name
 * @param msg any value
 * @returns msg
 */
export function send<M>(dest: Dest, msg: M): M {
  return current("send").send(dest, msg);
}

/**
 * `receive` without `after`: waits for the oldest message `accept` takes
 * (any message without it), leaving the others in the mailbox in order.
 * Use it with `yield*`.
 *
 * @example A selective receive takes the matching message first
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { Process, startRuntime } from "./mod.ts";
 * const isNumber = (m: unknown): m is number => typeof m === "number";
 * await using rt = startRuntime();
 * const order = await rt.run(function* () {
 *   const me = Process.self();
 *   Process.send(me, "first");
 *   Process.send(me, 2);
 *   const n = yield* Process.receive(isNumber);
 *   const s = yield* Process.receive();
 *   return [n, s];
 * });
 * deepStrictEqual(order, [2, "first"]);
 * ```
 * @param accept the clauses, as a type guard
 * @param options no `after`: wait forever
 * @returns the deferred receive, for `yield*`
 */
export function receive<T = unknown>(
  accept?: (msg: unknown) => msg is T,
  options?: { after?: undefined },
): Deferred<T>;
/**
 * `receive ... after ms`: as `receive`, but gives {@linkcode TIMEOUT} when
 * no accepted message came within `ms` (`after: 0` only looks at the
 * mailbox).
 *
 * @example receive do ... after 100 -> :timeout end
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ManualClock, Process, startRuntime, TIMEOUT } from "./mod.ts";
 * const clock = new ManualClock();
 * await using rt = startRuntime({ clock });
 * const got = rt.run(function* () {
 *   return yield* Process.receive(undefined, { after: 100 });
 * });
 * await new Promise((r) => setTimeout(r, 0)); // it runs up to its receive
 * clock.advance(100); // time passes: its after fires
 * strictEqual(await got, TIMEOUT);
 * ```
 * @param accept the clauses, as a type guard (`undefined`: any message)
 * @param options `after`: the timeout in ms
 * @returns the deferred receive: the message, or `TIMEOUT`
 */
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

/**
 * `spawn/1`: starts `body` in a new process, or `Process.spawn/2` with
 * `link` (linked before it runs); for `monitor`, see the next overload.
 *
 * @example spawn(fn -> send(parent, :hello) end)
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const greeting = await rt.run(function* () {
 *   const parent = Process.self();
 *   Process.spawn(function* () {
 *     Process.send(parent, "hello");
 *   });
 *   return yield* Process.receive();
 * });
 * strictEqual(greeting, "hello");
 * ```
 * @param body the process body: a `function*` or an `async function*`
 * @param options `link`
 * @returns the new pid
 */
export function spawn(
  body: Body,
  options?: SpawnOptions & { monitor?: false },
): Pid;
/**
 * `Process.spawn(fun, [:monitor])` (and `[:link, :monitor]`): the new
 * process is monitored before it runs.
 *
 * @example Process.spawn(fun, [:monitor])
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const reason = await rt.run(function* () {
 *   const { ref } = Process.spawn(function* () {}, { monitor: true });
 *   const down = yield* Process.receive(isDown);
 *   return down.ref === ref && down.reason;
 * });
 * strictEqual(reason, "normal");
 * ```
 * @param body the process body
 * @param options `monitor: true`, and `link`
 * @returns `{ pid, ref }`
 */
export function spawn(
  body: Body,
  options: SpawnOptions & { monitor: true },
): Spawned;
export function spawn(body: Body, options?: SpawnOptions): Pid | Spawned {
  return current("spawn").spawn(body, options as SpawnOptions);
}

/**
 * `spawn_link/1`: starts `body` linked to the caller, atomically: when
 * either exits abnormally, the other gets the exit signal (an
 * `{ type: "EXIT" }` message when it traps exits).
 *
 * @example A linked crash reaches a caller trapping exits
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isExit, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime({ logger: () => {} });
 * const same = await rt.run(function* () {
 *   Process.flag("trap_exit", true);
 *   const pid = Process.spawnLink(function* () {
 *     Process.exit("boom");
 *   });
 *   const exit = yield* Process.receive(isExit);
 *   return exit.from === pid && exit.reason;
 * });
 * strictEqual(same, "boom");
 * ```
 * @param body the process body
 * @returns the new pid
 */
export function spawnLink(body: Body): Pid {
  return current("spawnLink").spawnLink(body);
}

/**
 * `spawn_monitor/1`: starts `body` monitored by the caller, atomically; its
 * DOWN carries the exit reason, and the caller is not linked.
 *
 * @example {pid, ref} = spawn_monitor(fn -> raise "oops" end)
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isCrash, isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime({ logger: () => {} });
 * const message = await rt.run(function* () {
 *   const { pid, ref } = Process.spawnMonitor(function* () {
 *     throw new Error("oops");
 *   });
 *   const down = yield* Process.receive(isDown);
 *   strictEqual(down.ref, ref);
 *   strictEqual(down.pid, pid);
 *   return isCrash(down.reason) && (down.reason.error as Error).message;
 * });
 * strictEqual(message, "oops");
 * ```
 * @param body the process body
 * @returns `{ pid, ref }`: the new pid and the monitor's ref
 */
export function spawnMonitor(body: Body): Spawned {
  return current("spawnMonitor").spawnMonitor(body);
}

/**
 * `Process.link/1`: links the caller and `pid` both ways. Linking a dead
 * pid gives the caller an exit signal with `:noproc`.
 *
 * @example Process.link(pid): its exit now reaches the caller
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { isExit, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime({ logger: () => {} });
 * const got = await rt.run(function* () {
 *   Process.flag("trap_exit", true);
 *   const pid = Process.spawn(function* () {
 *     yield* Process.receive((m): m is "go" => m === "go");
 *     Process.exit("kaboom");
 *   });
 *   const linked = Process.link(pid);
 *   Process.send(pid, "go");
 *   const { reason } = yield* Process.receive(isExit);
 *   return [linked, reason];
 * });
 * deepStrictEqual(got, [true, "kaboom"]);
 * ```
 * @param pid the process to link to
 * @returns true
 */
export function link(pid: Pid): true {
  return current("link").link(pid);
}

/**
 * `Process.unlink/1`: removes the link on both sides; a later exit of
 * either no longer reaches the other.
 *
 * @example After unlink, a crash no longer reaches the caller
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime({ logger: () => {} });
 * const got = await rt.run(function* () {
 *   const pid = Process.spawnLink(function* () {
 *     yield* Process.receive((m): m is "go" => m === "go");
 *     Process.exit("kaboom");
 *   });
 *   Process.unlink(pid);
 *   const ref = Process.monitor(pid);
 *   Process.send(pid, "go");
 *   const down = yield* Process.receive(isDown);
 *   return [down.ref === ref, down.reason, Process.info(Process.self(), "links")];
 * });
 * deepStrictEqual(got, [true, "kaboom", []]);
 * ```
 * @param pid the linked process
 * @returns true, linked or not
 */
export function unlink(pid: Pid): true {
  return current("unlink").unlink(pid);
}

/**
 * `exit/1`: ends the caller with `reason` (it throws; code after it runs
 * only where the throw is caught).
 *
 * @example exit(:normal) in a process
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const reason = await rt.run(function* () {
 *   Process.spawnMonitor(function* () {
 *     Process.exit("normal");
 *   });
 *   return (yield* Process.receive(isDown)).reason;
 * });
 * strictEqual(reason, "normal");
 * ```
 * @param reason the exit reason
 * @returns never: it throws the exit
 */
export function exit(reason: ExitReason): never;
/**
 * `Process.exit/2`: sends an exit signal to `pid`. A process trapping
 * exits gets it as a message, except `:kill`; `:normal` is ignored by a
 * process that does not trap.
 *
 * @example Process.exit(pid, :kill)
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const reason = await rt.run(function* () {
 *   const { pid } = Process.spawnMonitor(function* () {
 *     Process.flag("trap_exit", true);
 *     yield* Process.receive();
 *   });
 *   Process.exit(pid, "kill");
 *   return (yield* Process.receive(isDown)).reason;
 * });
 * strictEqual(reason, "killed");
 * ```
 * @param pid the process to signal
 * @param reason the signal's reason
 * @returns true
 */
export function exit(pid: Pid, reason: ExitReason): true;
export function exit(...args: [ExitReason] | [Pid, ExitReason]): true {
  const self = current("exit");
  return args.length === 1 ? self.exit(args[0]) : self.exit(...args);
}

/**
 * `Process.flag(:trap_exit, value)`: with `true`, exit signals from links
 * arrive as `{ type: "EXIT", from, reason }` messages instead of ending
 * the caller.
 *
 * @example Process.flag(:trap_exit, true) returns the old value
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { isExit, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const before = Process.flag("trap_exit", true);
 *   const pid = Process.spawnLink(function* () {});
 *   Process.exit(pid, "shutdown");
 *   const { reason } = yield* Process.receive(isExit);
 *   return [before, reason, Process.flag("trap_exit", false)];
 * });
 * deepStrictEqual(got, [false, "shutdown", true]);
 * ```
 * @param flag `"trap_exit"`
 * @param value the new value
 * @returns the previous value
 */
export function flag(flag: "trap_exit", value: boolean): boolean {
  return current("flag").flag(flag, value);
}

/**
 * `Process.monitor/1`: watches a pid or a registered name; when it exits
 * (or was already dead: `:noproc`), the caller gets
 * `{ type: "DOWN", ref, pid, reason }`.
 *
 * @example Monitoring a dead pid gives :noproc
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const reason = await rt.run(function* () {
 *   const { pid } = Process.spawnMonitor(function* () {});
 *   yield* Process.receive(isDown);
 *   const ref = Process.monitor(pid);
 *   const down = yield* Process.receive(isDown);
 *   return down.ref === ref && down.reason;
 * });
 * strictEqual(reason, "noproc");
 * ```
 * @param target a pid or a registered name
 * @returns a new ref, the DOWN's
 */
export function monitor(target: Dest): Ref {
  return current("monitor").monitor(target);
}

/**
 * `Process.demonitor/2`: removes a monitor; with `flush`, also a DOWN of
 * it already in the mailbox; with `info`, says whether it was active.
 *
 * @example Process.demonitor(ref, [:flush, :info]) after the DOWN came
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { type Down, isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const { pid, ref } = Process.spawnMonitor(function* () {});
 *   const second = Process.monitor(pid);
 *   yield* Process.receive((m): m is Down => isDown(m) && m.ref === second);
 *   // the first monitor's DOWN is in the mailbox too: flush removes it
 *   const active = Process.demonitor(ref, { flush: true, info: true });
 *   return [active, Process.info(Process.self(), "message_queue_len")];
 * });
 * deepStrictEqual(got, [false, 0]);
 * ```
 * @param ref the monitor's ref
 * @param options `flush`, `info`
 * @returns true; with `info`, whether the monitor was still active
 */
export function demonitor(ref: Ref, options?: DemonitorOptions): boolean {
  return current("demonitor").demonitor(ref, options);
}

/**
 * `Process.register/2`: names a live pid, so `send`, `monitor` and
 * `GenServer.call` take the name. A taken name, or a pid that already has
 * one, raises `ArgumentError`.
 *
 * @example Process.register(pid, :echo), then send to the name
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const answer = await rt.run(function* () {
 *   Process.register(Process.self(), "me");
 *   throws(() => Process.register(Process.self(), "me"), {
 *     name: "ArgumentError",
 *   });
 *   Process.send("me", "hi");
 *   return yield* Process.receive();
 * });
 * strictEqual(answer, "hi");
 * ```
 * @param pid a live process
 * @param name the name
 * @returns true
 */
export function register(pid: Pid, name: string): true {
  return current("register").register(pid, name);
}

/** `Process.unregister/1`. @returns true */
export function unregister(name: string): true {
  return current("unregister").unregister(name);
}

/**
 * `Process.whereis/1`: the pid registered under `name`; a process's name
 * is freed when it exits.
 *
 * @example Process.whereis(:name) is nil once the process is gone
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { isDown, Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const { pid } = Process.spawnMonitor(function* () {
 *     yield* Process.receive();
 *   });
 *   Process.register(pid, "worker");
 *   const found = Process.whereis("worker") === pid;
 *   Process.send(pid, "stop");
 *   yield* Process.receive(isDown);
 *   return [found, Process.whereis("worker")];
 * });
 * deepStrictEqual(got, [true, undefined]);
 * ```
 * @param name the name
 * @returns the pid, or undefined (`nil`)
 */
export function whereis(name: string): Pid | undefined {
  return current("whereis").whereis(name);
}

/** `Process.alive?/1`. @returns whether `pid` runs */
export function alive(pid: Pid): boolean {
  return current("alive").alive(pid);
}

/**
 * `Process.info/2`: one item of what a process looks like from outside
 * (see {@linkcode Info}); every item of a dead pid is `undefined`
 * (`nil`).
 *
 * @example Process.info(pid, :message_queue_len)
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { Process, startRuntime } from "./mod.ts";
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const pid = Process.spawn(function* () {
 *     yield* Process.receive((m): m is "never" => m === "never");
 *   });
 *   Process.send(pid, "one");
 *   Process.send(pid, "two");
 *   Process.register(pid, "busy");
 *   return [
 *     Process.info(pid, "message_queue_len"),
 *     Process.info(pid, "registered_name"),
 *     Process.info(pid, "status"),
 *   ];
 * });
 * deepStrictEqual(got, [2, "busy", "runnable"]);
 * ```
 * @param pid the process
 * @param item the item's name
 * @returns the item's value, or undefined (`nil`) for a dead pid
 */
export function info<K extends InfoItem>(
  pid: Pid,
  item: K,
): Info[K] | undefined {
  return current("info").info(pid, item);
}

export { await_ as await };
