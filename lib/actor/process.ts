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
 * A body is an `async function*` (or a function that returns what one
 * returns; `spawn` raises a `TypeError` for anything else); it blocks only
 * by delegating to a receive (`yield* self.receive(...)`,
 * `yield* self.sleep(ms)`), and a bare `yield` lets the others run
 * (`:erlang.yield/0`).
 *
 * @module
 */

import { ErlangError, ExitError, type ExitReason } from "./exit_reason.ts";
import { GenServerApi } from "./gen_server.ts";
import { type Info, info, type InfoItem } from "./info.ts";
import { exitProcess, exitSignal, link, unlink } from "./link.ts";
import { Mailbox } from "./mailbox.ts";
import { demonitor, type DemonitorOptions, monitor } from "./monitor.ts";
import { Pid, type Port, type PortCloser, Ref } from "./pid.ts";
import { PortApi } from "./port.ts";
import { raisedBy } from "./body.ts";
import { Receive, TIMEOUT } from "./receive.ts";
import type { Runtime } from "./runtime.ts";
import type { Timer } from "./timers.ts";

/** A process body: an async generator over the process's own API. */
export type Body<R = unknown> = (
  self: Self,
) => AsyncGenerator<unknown, R, unknown>;

/** The process API a body receives as `self`. */
export type Self = Proc;

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
  readonly pid: Pid;
  readonly ref: Ref;
}

/** Where to send: a pid or a registered name. */
export type Dest = Pid | string;

/** Receives a process may take without suspending before it yields. */
const SLICE = 500;

/** Marks a process that has not exited. */
export const ALIVE: unique symbol = Symbol("alive");

/** Scheduling states; `:status` in `Process.info/2`. */
export type Status = "runnable" | "running" | "waiting" | "exiting";

/** Thrown into a body that touches the runtime after it was killed. */
export class Dead extends Error {
  constructor() {
    super("The process has exited");
    this.name = "Dead";
  }
}

/** A monitor, kept by its owner (`monitors`) and by its target (`watchers`). */
export interface Monitor {
  readonly ref: Ref;
  readonly watcher: Proc | ((down: unknown) => void);
  readonly target: Proc | undefined;
  /** Set when monitoring a registered name: DOWN then names `{name, node}`. */
  readonly name?: string;
}

/** One process: its mailbox, links, monitors and flags. */
export class Proc {
  readonly pid: Pid;
  /** @internal */ readonly mailbox = new Mailbox();
  /** @internal */ links: Set<Proc | Port> | undefined;
  /** @internal */ monitors: Map<Ref, Monitor> | undefined;
  /** @internal */ watchers: Map<Ref, Monitor> | undefined;
  /** @internal */ trapExit = false;
  /** @internal */ name: string | undefined;
  /** @internal */ reason: ExitReason | typeof ALIVE = ALIVE;
  /** @internal */ status: Status = "runnable";
  /** @internal */ waiter: Receive<unknown> | undefined;
  /** @internal */ woken = false;
  /** @internal */ gen: AsyncGenerator<unknown, unknown, unknown> | undefined;
  /** @internal The `start_link` caller, for GenServer's parent rule. */
  parent: Pid | undefined;
  /** @internal The tag of the call this process waits on; other replies are dropped. */
  alias: Ref | undefined;
  /** @internal `sendAfter` timers aimed at this process; cancelled at its exit. */
  inbound: Set<Timer> | undefined;
  /** @internal The monitors this process holds on ports (`Port.monitor/1`). */
  portMonitors: Map<Ref, Port> | undefined;
  #genServer: GenServerApi | undefined;

  /**
   * @param rt the runtime that owns the process
   * @param id its pid's serial number
   */
  constructor(/** @internal */ readonly rt: Runtime, id: number) {
    this.pid = new Pid(id, this);
  }

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

  /** The GenServer client API, called from this process. */
  get GenServer(): GenServerApi {
    return this.#genServer ??= new GenServerApi(this);
  }

  /** @internal Throws {@linkcode Dead} if this process has exited. */
  checkAlive(): void {
    if (this.reason !== ALIVE) throw raisedBy(new Dead(), this.pid);
  }

  /** @internal Resumes a waiting process (its receive got a result). */
  wake(): void {
    this.woken = true;
    if (this.status === "waiting") this.rt.scheduler.enqueue(this);
  }

  /** @internal Puts a message in the mailbox, or hands it to the waiting receive. */
  deliver(msg: unknown): void {
    if (this.reason !== ALIVE) return;
    const w = this.waiter;
    if (w !== undefined && matches(w.accept, msg)) w.deliver(msg);
    else this.mailbox.push(msg);
  }

  /** @internal Receives taken without suspending, in this time slice. */
  reductions = 0;

  /** @internal */
  reduce(): boolean {
    this.rt.scheduler.reductions++;
    if (++this.reductions < SLICE) return false;
    this.reductions = 0;
    return true;
  }

  /** @internal */
  startTimer(ms: number, fire: () => void): Timer {
    return this.rt.timers.schedule(ms, fire);
  }

  /** @internal */
  cancelTimer(timer: Timer): void {
    this.rt.timers.cancel(timer);
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
    this.rt.send(dest, msg);
    return msg;
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
    options: { after?: number } = {},
  ): Receive<unknown> {
    return new Receive(this, accept, options.after ?? Infinity, identity);
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

  /** @internal Cancels the `sendAfter` timers; the process has exited. */
  dropTimers(): void {
    for (const timer of this.inbound ?? []) this.cancelTimer(timer);
    this.inbound = undefined;
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
      return this.rt.spawnFrom(body, undefined, undefined, undefined);
    }
    const link = options.link ? this : undefined;
    if (!options.monitor) {
      return this.rt.spawnFrom(body, link, undefined, undefined);
    }
    const ref = this.rt.makeRef();
    return { pid: this.rt.spawnFrom(body, link, this, ref), ref };
  }

  /** `spawn_link/1`: starts `body` linked to this process, atomically. @returns its pid; a non-body raises TypeError, unlinked */
  spawnLink(body: Body): Pid {
    this.checkAlive();
    return this.rt.spawnFrom(body, this, undefined, undefined);
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
    const ref = this.rt.makeRef();
    return { pid: this.rt.spawnFrom(body, undefined, this, ref), ref };
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

  /** @internal Ends this process now with `reason`; see link.ts. */
  die(reason: ExitReason): void {
    exitProcess(this, reason);
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
    return port;
  }

  /**
   * Closes an owned port and unlinks it, with no EXIT to this process: the
   * hand-off of a socket to its next owner. `Port.close` is the BEAM's.
   */
  closePort(port: Port): void {
    this.links?.delete(port);
    port.close();
  }
}

function anything(_msg: unknown): _msg is unknown {
  return true;
}

function nothing(_msg: unknown): _msg is never {
  return false;
}

function identity<T>(x: T): T {
  return x;
}

function matches(accept: (msg: unknown) => boolean, msg: unknown): boolean {
  try {
    return accept(msg);
  } catch {
    return false; // the receiver's own scan will raise it in its own process
  }
}

/** Raised where Elixir raises `ArgumentError` (a taken name, an unknown one). */
export class ArgumentError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "ArgumentError";
  }
}

export { ErlangError, TIMEOUT };
