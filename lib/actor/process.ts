/**
 * A process, and the API its body uses on itself: Elixir's `Kernel` and
 * `Process` functions as methods of `self` (`self.send`, `self.receive`,
 * `self.spawnLink`, `self.link`, `self.exit`, `self.flag`, `self.monitor`,
 * `self.register`, `self.info`). `self.Process` is `self`, so a body can read
 * like the Elixir it mirrors:
 *
 * ```ts ignore
 * const { Process } = self;
 * Process.flag("trap_exit", true);
 * Process.exit(serverPid, "kaboom");
 * ```
 *
 * A body is a generator function, `function*` (stepped synchronously, the
 * fast kind) or `async function*` (it may `await`), or a function that
 * returns what one returns; `spawn` raises a `TypeError` for anything else.
 * It blocks only by delegating to a receive (`yield* self.receive(...)`,
 * `yield* self.sleep(ms)`) or to `yield* self.await(promise)`, and a bare
 * `yield` lets the others run (`:erlang.yield/0`).
 *
 * @module
 */

import { Awaiting } from "./awaiting.ts";
import type { Clock } from "./clock.ts";
import {
  ArgumentError,
  ErlangError,
  ExitError,
  type ExitReason,
} from "./exit_reason.ts";
import { type Info, info, type InfoItem } from "./info.ts";
import { exitSignal, link, unlink } from "./link.ts";
import type { Level } from "./logger.ts";
import { demonitor, monitor } from "./monitor.ts";
import type { Pid, Port, PortCloser, Ref } from "./pid.ts";
import { PortApi } from "./port.ts";
import {
  ALIVE,
  anything,
  type DemonitorOptions,
  type Dest,
  Proc,
  sendTo,
} from "./proc.ts";
import { raisedBy } from "./raisers.ts";
import { Receive, TIMEOUT } from "./receive.ts";
import type { Timer } from "./timers.ts";

/**
 * A process body: a generator function over the process's own API, async
 * (it may `await`) or sync (stepped with no promise per step); see body.ts.
 */
export type Body<R = unknown> = (
  self: Self,
) => AsyncGenerator<unknown, R, unknown> | Generator<unknown, R, unknown>;

/** Options of `Process.spawn/2` (`[:link, :monitor]`). */
export interface SpawnOptions {
  /** Link the new process to the caller before it runs (`:link`). */
  link?: boolean;
  /** Monitor it before it runs (`:monitor`); `spawn` then gives `{ pid, ref }`. */
  monitor?: boolean;
}

/**
 * What `spawn_monitor/1` returns: Elixir's `{pid, ref}`, as an object so
 * that `const { pid, ref } = self.spawnMonitor(body)` destructures it as
 * Elixir does, by name rather than position, and reads like `%Task{}`.
 */
export interface Spawned {
  /** The new process. */
  readonly pid: Pid;
  /** The monitor's ref: its DOWN carries it. */
  readonly ref: Ref;
}

/**
 * The process API a body receives as `self`: the verbs of Elixir's
 * `Kernel` and `Process` on the calling process. GenServer's client API
 * is the `GenServer` module (gen_server_verbs.ts), on top of this:
 * `GenServer.call(server, request)`, or `GenServer.call(self, server,
 * request)`.
 */
export interface Self {
  /** `self()`. */
  readonly pid: Pid;
  /** `self`, so that `const { Process } = self` reads like Elixir. */
  readonly Process: Self;
  /** Elixir's `Port` functions, called from this process; see port.ts. */
  readonly Port: PortApi;
  /** The node's clock: what `System.monotonic_time/1` reads, and timers use. */
  readonly clock: Clock;
  /** `send/2`: delivers `msg`; see `Process.send` for an example. @returns msg */
  send<M>(dest: Dest, msg: M): M;
  /** `receive`: the oldest message `accept` takes; use with `yield*` (see `Process.receive`). */
  receive<T = unknown>(
    accept?: (msg: unknown) => msg is T,
    options?: { after?: undefined },
  ): Receive<T>;
  /** `receive ... after ms`: {@linkcode TIMEOUT} when nothing came in time. */
  receive<T = unknown>(
    accept: ((msg: unknown) => msg is T) | undefined,
    options: { after: number },
  ): Receive<T | typeof TIMEOUT>;
  /** `Process.send_after/3` to this process itself. @returns msg */
  sendAfter<M>(msg: M, ms: number): M;
  /** `Process.sleep/1`: waits `ms`, taking no message; use with `yield*`. */
  sleep(ms: number): Receive<void>;
  /** Waits for a host promise as a blocking operation; use with `yield*`. */
  await<T>(promise: PromiseLike<T>): Awaiting<T>;
  /** `spawn/1`, or `Process.spawn/2` with `link` (see `Process.spawn`). */
  spawn(body: Body, options?: SpawnOptions & { monitor?: false }): Pid;
  /** `Process.spawn(fun, [:monitor])`. @returns `{ pid, ref }` */
  spawn(body: Body, options: SpawnOptions & { monitor: true }): Spawned;
  /** `Process.spawn/2` with options known only at run time. */
  spawn(body: Body, options: SpawnOptions): Pid | Spawned;
  /** `spawn_link/1` (see `Process.spawnLink`). @returns the new pid */
  spawnLink(body: Body): Pid;
  /** `spawn_monitor/1` (see `Process.spawnMonitor`). @returns `{ pid, ref }` */
  spawnMonitor(body: Body): Spawned;
  /** `Process.link/1` (see `Process.link`). @returns true */
  link(pid: Pid): true;
  /** `Process.unlink/1` (see `Process.unlink`). @returns true */
  unlink(pid: Pid): true;
  /** `exit/1`: ends this process with `reason` (see `Process.exit`). */
  exit(reason: ExitReason): never;
  /** `Process.exit/2`: sends `pid` an exit signal. @returns true */
  exit(pid: Pid, reason: ExitReason): true;
  /** `Process.flag(:trap_exit, value)` (see `Process.flag`). @returns the previous value */
  flag(flag: "trap_exit", value: boolean): boolean;
  /** `Process.monitor/1` (see `Process.monitor`). @returns the monitor's ref */
  monitor(target: Dest): Ref;
  /** `Process.demonitor/2` (see `Process.demonitor`). */
  demonitor(ref: Ref, options?: DemonitorOptions): boolean;
  /** `make_ref/0`. @returns a new unique reference */
  makeRef(): Ref;
  /** `Process.register/2` (see `Process.register`). @returns true */
  register(pid: Pid, name: string): true;
  /** `Process.unregister/1`. @returns true */
  unregister(name: string): true;
  /** `Process.whereis/1` (see `Process.whereis`). @returns the pid, or undefined (`nil`) */
  whereis(name: string): Pid | undefined;
  /** `Process.registered/0`. @returns the registered names */
  registered(): string[];
  /** `Process.alive?/1`. @returns whether `pid` is running */
  alive(pid: Pid): boolean;
  /** `Process.info/2` (see `Process.info`). @returns the item, or undefined (`nil`) */
  info<K extends InfoItem>(pid: Pid, item: K): Info[K] | undefined;
  /** `Process.info/1`. @returns every item, or undefined (`nil`) for a dead pid */
  info(pid: Pid): Info | undefined;
  /** `Logger.log/3` from this process: to the node's logger. */
  log(level: Level, message: string): void;
  /**
   * A callback timer on the node's clock, for I/O deadlines that must not
   * wait in the mailbox (`Process.send_after/3` is the message form).
   *
   * @internal
   */
  startTimer(ms: number, fire: () => void): Timer;
  /**
   * Stops a timer of `startTimer`; a fired one is left as it is.
   *
   * @internal
   */
  cancelTimer(timer: Timer): void;
  /** Opens a port owned by (and linked to) this process. @returns the port */
  openPort(close: PortCloser, options?: { name?: string }): Port;
  /** Closes an owned port with no EXIT to this process (a socket's hand-off). */
  closePort(port: Port): void;
}

/** The process API, on the process record: one object per process. */
export class Process extends Proc implements Self {
  /** The last plain receive, see {@linkcode Process.receive}. */
  #last: Receive<unknown> | undefined;

  /** `self`, so that `const { Process } = self` reads like Elixir. */
  get Process(): this {
    return this;
  }

  /**
   * Elixir's `Port` functions, called from this process; see port.ts. Not
   * cached: ports are rare, and a field would cost every spawn.
   */
  get Port(): PortApi {
    return new PortApi(this);
  }

  /** The node's clock (the test clock in tests). */
  get clock(): Clock {
    return this.rt.clock;
  }

  /**
   * `Logger.log/3` from this process: the node's logger, with this pid as
   * `$metadata`.
   *
   * @param level the level
   * @param message the message
   */
  log(level: Level, message: string): void {
    this.rt.log(level, message, { pid: this.pid });
  }

  /**
   * `send/2`: delivers `msg` and returns it. A dead pid drops it silently;
   * an unregistered name raises `ArgumentError`.
   *
   * @param dest a pid or a registered name
   * @param msg any value
   * @returns msg
   */
  send<M>(dest: Dest, msg: M): M {
    this.checkAlive();
    return sendTo(this.rt, dest, msg);
  }

  /**
   * `receive`: waits for the oldest message `accept` accepts (any message
   * without it); with `after`, gives {@linkcode TIMEOUT} when none came in
   * time. Use it with `yield*`.
   *
   * @example Selective receive
   * ```ts ignore
   * const reply = yield* self.receive((m): m is Reply => isReply(m) && m.ref === ref);
   * ```
   * @param accept the clauses, as a type guard
   * @param options `after`: timeout in ms (default `Infinity`)
   * @returns the receive to delegate to
   */
  receive<T = unknown>(
    accept?: (msg: unknown) => msg is T,
    options?: { after?: undefined },
  ): Receive<T>;
  receive<T = unknown>(
    accept: ((msg: unknown) => msg is T) | undefined,
    options: { after: number },
  ): Receive<T | typeof TIMEOUT>;
  receive<T>(
    accept: ((msg: unknown) => msg is T) | undefined = anything as (
      msg: unknown,
    ) => msg is T,
    options?: { after?: number },
  ): Receive<unknown> {
    const after = options?.after ?? Infinity;
    // The last plain receive, once finished, serves the next one: a process
    // is in at most one receive at a time. (So a finished receive must not
    // be stepped again: it may be the next one.)
    const last = this.#last;
    if (last !== undefined && last.finished) return last.again(accept, after);
    return this.#last = new Receive(this, accept, after, identity);
  }

  /**
   * `Process.send_after/3` to this process itself: delivers `msg` after
   * `ms`. As on the BEAM, the timer is cancelled if the process exits first.
   *
   * @param msg the message
   * @param ms the delay
   * @returns msg
   */
  sendAfter<M>(msg: M, ms: number): M {
    this.checkAlive();
    const timers = this.inbound ??= new Set();
    const timer = this.startTimer(ms, () => {
      timers.delete(timer);
      this.deliver(msg);
    });
    timers.add(timer);
    return msg;
  }

  /**
   * Waits for a host promise, as a blocking operation of this process: for
   * `function*` bodies and callbacks, which have no `await` (see
   * awaiting.ts). Use it with `yield*`.
   *
   * @example A function* body that waits for I/O
   * ```ts
   * import { strictEqual } from "node:assert/strict";
   * import { startRuntime } from "./mod.ts";
   * await using rt = startRuntime();
   * const n = await rt.run(function* (self) {
   *   return yield* self.await(Promise.resolve(42));
   * });
   * strictEqual(n, 42);
   * ```
   * @param promise what to wait for
   * @returns the await to delegate to: its value, or its rejection thrown
   */
  await<T>(promise: PromiseLike<T>): Awaiting<T> {
    this.checkAlive();
    return new Awaiting(this, promise);
  }

  /** `Process.sleep/1`: waits `ms` without taking any message. */
  sleep(ms: number): Receive<void> {
    return new Receive(this, nothing, ms, () => undefined);
  }

  /**
   * `spawn/1`: starts `body` in a new process. With options,
   * `Process.spawn/2`: `link` links it to this process and `monitor`
   * monitors it, both before it runs (see {@linkcode spawnMonitor}).
   *
   * @example Process.spawn(fun, [:link, :monitor])
   * ```ts ignore
   * const { pid, ref } = self.spawn(body, { link: true, monitor: true });
   * ```
   * @param body the process body; anything else raises `TypeError`
   * @param options `link`, `monitor`
   * @returns its pid, or `{ pid, ref }` with `monitor: true`
   */
  spawn(body: Body, options?: SpawnOptions & { monitor?: false }): Pid;
  spawn(body: Body, options: SpawnOptions & { monitor: true }): Spawned;
  spawn(body: Body, options: SpawnOptions): Pid | Spawned;
  spawn(body: Body, options?: SpawnOptions): Pid | Spawned {
    this.checkAlive();
    if (options === undefined) {
      return this.rt.spawnFrom(body, undefined, undefined, this);
    }
    const link = options.link ? this : undefined;
    if (!options.monitor) {
      return this.rt.spawnFrom(body, link, undefined, this);
    }
    const ref = this.rt.makeMonitor(this);
    return { pid: this.rt.spawnFrom(body, link, ref, this), ref };
  }

  /** `spawn_link/1`: starts `body` linked to this process, atomically. @returns its pid; a non-body raises TypeError, unlinked */
  spawnLink(body: Body): Pid {
    this.checkAlive();
    return this.rt.spawnFrom(body, this, undefined, this);
  }

  /**
   * `spawn_monitor/1`: starts `body` monitored by this process, atomically:
   * a body that dies at once (raises before its first `yield`) gives its
   * DOWN with its own reason, never `:noproc`.
   *
   * @example {pid, ref} = spawn_monitor(fun)
   * ```ts
   * import { strictEqual } from "node:assert/strict";
   * import { isDown, startRuntime } from "./mod.ts";
   * await using rt = startRuntime({ logger: () => {} });
   * const reason = await rt.run(async function* (self) {
   *   const { ref } = self.spawnMonitor(async function* (child) {
   *     child.exit("kaboom");
   *   });
   *   const down = yield* self.receive(isDown);
   *   return down.ref === ref && down.reason;
   * });
   * strictEqual(reason, "kaboom");
   * ```
   * @param body the process body; anything else raises `TypeError`, with
   *   no monitor left
   * @returns `{ pid, ref }`: the new pid and the monitor's ref
   */
  spawnMonitor(body: Body): Spawned {
    this.checkAlive();
    const ref = this.rt.makeMonitor(this);
    return { pid: this.rt.spawnFrom(body, undefined, ref, this), ref };
  }

  /** `Process.link/1`: links both ways; see link.ts for a dead pid. @returns true */
  link(pid: Pid): true {
    this.checkAlive();
    return link(this, pid);
  }

  /** `Process.unlink/1`: removes the link on both sides. @returns true */
  unlink(pid: Pid): true {
    this.checkAlive();
    return unlink(this, pid);
  }

  /**
   * `exit/1` with one argument: ends this process with `reason` (throws
   * {@linkcode ExitError}; code after it never runs unless caught).
   * `Process.exit/2` with two: sends an exit signal to `pid`; see link.ts.
   */
  exit(reason: ExitReason): never;
  exit(pid: Pid, reason: ExitReason): true;
  exit(...args: [ExitReason] | [Pid, ExitReason]): true {
    this.checkAlive();
    if (args.length === 1) throw raisedBy(new ExitError(args[0]), this.pid);
    const [pid, reason] = args;
    exitSignal(pid, this.pid, reason);
    this.checkAlive(); // Process.exit(self(), reason) ends the caller at once
    return true;
  }

  /**
   * `Process.flag(:trap_exit, value)`: turns exit signals into
   * `{ type: "EXIT", from, reason }` messages.
   *
   * @returns the previous value
   */
  flag(_flag: "trap_exit", value: boolean): boolean {
    this.checkAlive();
    const previous = this.trapExit;
    this.trapExit = value;
    return previous;
  }

  /** `Process.monitor/1`: watches a pid or a registered name. @returns a new ref */
  monitor(target: Dest): Ref {
    this.checkAlive();
    return monitor(this, target);
  }

  /** `Process.demonitor/2`, with `flush` and `info`. @returns see monitor.ts */
  demonitor(ref: Ref, options?: DemonitorOptions): boolean {
    this.checkAlive();
    return demonitor(this, ref, options);
  }

  /** `make_ref/0`. @returns a new unique reference */
  makeRef(): Ref {
    return this.rt.makeRef();
  }

  /** `Process.register/2`. @returns true; raises ArgumentError like Elixir */
  register(pid: Pid, name: string): true {
    this.checkAlive();
    return this.rt.registry.register(pid, name);
  }

  /** `Process.unregister/1`. @returns true; raises ArgumentError for a free name */
  unregister(name: string): true {
    this.checkAlive();
    return this.rt.registry.unregister(name);
  }

  /** `Process.whereis/1`. @returns the pid, or undefined (`nil`) */
  whereis(name: string): Pid | undefined {
    return this.rt.registry.whereis(name);
  }

  /** `Process.registered/0`. @returns the registered names */
  registered(): string[] {
    return this.rt.registry.registered();
  }

  /** `Process.alive?/1`. @returns whether `pid` is running */
  alive(pid: Pid): boolean {
    return (pid.proc as Proc).reason === ALIVE;
  }

  /**
   * `Process.info/2`. @returns the item's value, or undefined (`nil`) for a
   * dead pid; `self`'s own status is `"running"`
   */
  info<K extends InfoItem>(pid: Pid, item: K): Info[K] | undefined;
  info(pid: Pid): Info | undefined;
  info(pid: Pid, item?: InfoItem): unknown {
    return item === undefined
      ? info(pid.proc as Proc)
      : info(pid.proc as Proc, item);
  }

  /**
   * Opens a port owned by (and linked to) this process; it closes when the
   * process exits, and `close` is told the exit reason, as the port's
   * monitors are (`Port.monitor/1`).
   *
   * @param close closes the resource
   * @param options `name`: `Port.info(port, :name)`, default `"tcp_inet"`
   * @returns the port
   */
  openPort(close: PortCloser, options?: { name?: string }): Port {
    this.checkAlive();
    const port = this.rt.makePort(close, {
      owner: this.pid,
      name: options?.name,
    });
    (this.links ??= new Set()).add(port);
    const events = this.rt.events;
    if (events.active) events.emit({ type: "link", pid: this.pid, to: port });
    return port;
  }

  /**
   * Closes an owned port and unlinks it, with no EXIT to this process: the
   * hand-off of a socket to its next owner. `Port.close` is the BEAM's.
   */
  closePort(port: Port): void {
    this.links?.delete(port);
    const events = this.rt.events;
    if (events.active) events.emit({ type: "unlink", pid: this.pid, to: port });
    port.close();
  }
}

/** @returns whether `x` is a process's `self` (not a pid, a name, an option) */
export function isSelf(x: unknown): x is Self {
  return x instanceof Process;
}

function nothing(_msg: unknown): _msg is never {
  return false;
}

function identity<T>(x: T): T {
  return x;
}

export { ALIVE, ArgumentError, ErlangError, TIMEOUT };
export type { DemonitorOptions, Dest, Monitor, Status } from "./proc.ts";
