/**
 * The process record: what the core keeps of a process (its mailbox,
 * links, monitors, flags, scheduling state) and the few operations every
 * core module needs on it (deliver a message, wake it, count a reduction).
 * Only the core reads or writes it: user code sees a process as its pid,
 * and from inside as `Self` (process.ts), the verbs a body uses.
 *
 * What a process needs of the node it runs on is {@linkcode Node}, declared
 * here so that this record depends on nothing above it; the runtime
 * (runtime.ts) is that node.
 *
 * @module
 */

import type { Clock } from "./clock.ts";
import type { RuntimeEvents } from "./events.ts";
import { ArgumentError, type ExitReason, type Tuple } from "./exit_reason.ts";
import { inspectReason } from "./inspect.ts";
import type { Level, Metadata } from "./logger.ts";
import { Mailbox } from "./mailbox.ts";
import {
  Pid,
  type Port,
  type PortCloser,
  type PortOptions,
  Ref,
} from "./pid.ts";
import { raisedBy } from "./raisers.ts";
import type { Receive } from "./receive.ts";
import type { Timer, Timers } from "./timers.ts";

/** Receives a process may take without suspending before it yields. */
const SLICE = 500;

/** Marks a process that has not exited. */
export const ALIVE: unique symbol = Symbol("alive");

/** The matcher of a plain `receive`: takes any message. */
export function anything(_msg: unknown): _msg is unknown {
  return true;
}

/** Scheduling states; `:status` in `Process.info/2`. */
export type Status = "runnable" | "running" | "waiting" | "exiting";

/** Thrown into a body that touches the runtime after it was killed. */
export class Dead extends Error {
  constructor() {
    super("The process has exited");
    this.name = "Dead";
  }
}

/**
 * A monitor, kept by its owner (`monitors`) and by its target, in the ring
 * of its `watchers` (`prev`/`next`): a monitored process costs no table of
 * its own, and a monitor is removed from its target at once. The monitor
 * is its ref (the one `monitor` returns, and its DOWN names): one object a
 * monitor. It is active while it is in its watcher's ring.
 *
 * A class, with every field made at once: an object literal given its
 * ring links later grows a second object for them. Every call and
 * spawn-and-monitor makes a monitor: 88 bytes and one object, where a
 * literal beside its ref took 161 and three (heap snapshots of 100k
 * monitored processes).
 */
export class Monitor extends Ref {
  /** The target's ring: the monitors set on it before and after this one. */
  prev: Monitor | undefined = undefined;
  next: Monitor | undefined = undefined;
  /** The watcher's ring: the monitors it set before and after this one. */
  older: Monitor | undefined = undefined;
  newer: Monitor | undefined = undefined;
  /** The process watched, once the monitor is set on it (`watch`). */
  target: Proc | undefined = undefined;

  /**
   * @param id the ref's serial number
   * @param watcher the process told (or, from outside, the function)
   * @param name set when monitoring a registered name: DOWN then names
   *   `{name, node}`
   */
  constructor(
    id: number,
    readonly watcher: Proc | ((down: unknown) => void),
    readonly name: string | undefined,
  ) {
    super(id);
  }
}

/** Adds `m` to the monitors `p` holds, after those it set before. */
export function addMonitor(p: Proc, m: Monitor): void {
  const head = p.monitors;
  if (head === undefined) {
    m.older = m.newer = m;
    p.monitors = m;
    return;
  }
  const last = head.older!;
  m.older = last;
  m.newer = head;
  last.newer = m;
  head.older = m;
}

/** Removes `m` from the monitors `p` holds; one already removed is left. */
export function removeMonitor(p: Proc, m: Monitor): void {
  const newer = m.newer;
  if (newer === undefined) return;
  if (newer === m) {
    if (p.monitors === m) p.monitors = undefined;
  } else {
    m.older!.newer = newer;
    newer.older = m.older;
    if (p.monitors === m) p.monitors = newer;
  }
  m.older = m.newer = undefined;
}

/** @returns the monitors `p` holds, in the order it set them */
export function monitorsOf(p: Proc): Monitor[] {
  const all: Monitor[] = [];
  const head = p.monitors;
  if (head === undefined) return all;
  let m = head;
  do {
    all.push(m);
    m = m.newer!;
  } while (m !== head);
  return all;
}

/** Adds `m` to the watchers of `p`, after those set before it. */
export function addWatcher(p: Proc, m: Monitor): void {
  const head = p.watchers;
  if (head === undefined) {
    m.prev = m.next = m;
    p.watchers = m;
    return;
  }
  const tail = head.prev!;
  m.prev = tail;
  m.next = head;
  tail.next = m;
  head.prev = m;
}

/** Removes `m` from the watchers of `p`; a monitor already removed is left. */
export function removeWatcher(p: Proc, m: Monitor): void {
  const next = m.next;
  if (next === undefined) return;
  if (next === m) {
    if (p.watchers === m) p.watchers = undefined;
  } else {
    m.prev!.next = next;
    next.prev = m.prev;
    if (p.watchers === m) p.watchers = next;
  }
  m.prev = m.next = undefined;
}

/** @returns the monitors on `p`, in the order they were set */
export function watchersOf(p: Proc): Monitor[] {
  const all: Monitor[] = [];
  const head = p.watchers;
  if (head === undefined) return all;
  let m = head;
  do {
    all.push(m);
    m = m.next!;
  } while (m !== head);
  return all;
}

/** Where to send: a pid or a registered name. */
export type Dest = Pid | string;

/** Options of `Process.demonitor/2`. */
export interface DemonitorOptions {
  /** Also remove a DOWN for this ref already in the mailbox. */
  flush?: boolean;
  /** Return whether an active monitor was removed. */
  info?: boolean;
}

/** The node's name table, as the core uses it (registry.ts). */
export interface Names {
  register(pid: Pid, name: string): true;
  unregister(name: string): true;
  whereis(name: string): Pid | undefined;
  lookup(name: string): Proc | undefined;
  registered(): string[];
  release(proc: Proc): void;
}

/** What a process needs of the node it runs on: the runtime. */
export interface Node {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly registry: Names;
  readonly events: RuntimeEvents;
  readonly scheduler: {
    enqueue(p: Proc): void;
    reductions: number;
  };
  log(level: Level, message: string, metadata?: Metadata): void;
  makeRef(): Ref;
  /** A monitor of `watcher`, not set on any process yet: a new ref. */
  makeMonitor(
    watcher: Proc | ((down: unknown) => void),
    name?: string,
  ): Monitor;
  makePort(close: PortCloser, options?: PortOptions): Port;
  nodeName(name: string): Tuple;
  /** Bookkeeping when `p` exits: name, live set, memory. */
  exited(p: Proc): void;
  /** `spawn` with its link and monitor set before the body runs; see runtime.ts. */
  spawnFrom(
    body: unknown,
    link: Proc | undefined,
    monitor: Monitor | undefined,
    spawner: Proc | undefined,
  ): Pid;
}

// The fields of Proc's #flags.
const RUNNABLE = 0, RUNNING = 1, WAITING = 2, EXITING = 3, STATUS = 3;
const STATUSES: readonly Status[] = [
  "runnable",
  "running",
  "waiting",
  "exiting",
];
const SYNC = 4, WOKEN = 8;
const REDUCTION_SHIFT = 4, REDUCTION = 1 << REDUCTION_SHIFT;

/**
 * What few processes have: monitors held, links, a name, a trapped exit, a
 * parent, a call waited on, timers, port monitors. Kept apart, made at the
 * first use, so that a process that has none costs eight fields less.
 */
class Rare {
  monitors: Monitor | undefined = undefined;
  links: Set<Proc | Port> | undefined = undefined;
  trapExit = false;
  name: string | undefined = undefined;
  parent: Pid | undefined = undefined;
  alias: Ref | undefined = undefined;
  inbound: Set<Timer> | undefined = undefined;
  portMonitors: Map<Ref, Port> | undefined = undefined;
}

/** The defaults, read by a process that has no record of its own. */
const NO_RARE: Readonly<Rare> = Object.freeze(new Rare());

/**
 * One process: its mailbox, links, monitors and flags. The record is its
 * own mailbox (one object less per process); `mailbox` names that side.
 */
export class Proc extends Mailbox {
  readonly pid: Pid;
  /** The first monitor on this process; see {@linkcode addWatcher}. */
  watchers: Monitor | undefined;
  reason: ExitReason | typeof ALIVE = ALIVE;
  waiter: Receive<unknown> | undefined;
  gen:
    | AsyncGenerator<unknown, unknown, unknown>
    | Generator<unknown, unknown, unknown>
    | undefined;
  /**
   * The status, two flags and the reductions, in one small integer: one
   * field where three cost every process 16 bytes more (bits 0-1 the
   * status, 2 SYNC, 3 WOKEN, 4 and up the reductions).
   */
  #flags = RUNNABLE;
  /** The node's ring of live processes (runtime.ts), instead of a set entry. */
  livePrev: Proc | undefined;
  liveNext: Proc | undefined;
  #rare: Rare | undefined = undefined;

  /** The scheduling state. */
  get status(): Status {
    return STATUSES[this.#flags & STATUS];
  }
  set status(status: Status) {
    const code = status === "runnable"
      ? RUNNABLE
      : status === "running"
      ? RUNNING
      : status === "waiting"
      ? WAITING
      : EXITING;
    this.#flags = (this.#flags & ~STATUS) | code;
  }

  /** Whether `gen` is a sync generator, stepped without a promise. */
  get sync(): boolean {
    return (this.#flags & SYNC) !== 0;
  }
  set sync(sync: boolean) {
    this.#flags = sync ? this.#flags | SYNC : this.#flags & ~SYNC;
  }

  /** Whether its receive got a result during its own step. */
  get woken(): boolean {
    return (this.#flags & WOKEN) !== 0;
  }

  /**
   * The record of `p` to set a rare field in; none when there is none yet
   * and the value is the default (a default makes no record). Static: a
   * private method on instances would cost each record a field (its brand).
   */
  static #record(p: Proc, isDefault: boolean): Rare | undefined {
    return p.#rare ?? (isDefault ? undefined : p.#rare = new Rare());
  }

  /** The first monitor this process holds; see {@linkcode addMonitor}. */
  get monitors(): Monitor | undefined {
    return (this.#rare ?? NO_RARE).monitors;
  }
  set monitors(first: Monitor | undefined) {
    const r = Proc.#record(this, first === undefined);
    if (r !== undefined) r.monitors = first;
  }

  /** The links: processes and ports. */
  get links(): Set<Proc | Port> | undefined {
    return (this.#rare ?? NO_RARE).links;
  }
  set links(links: Set<Proc | Port> | undefined) {
    const r = Proc.#record(this, links === undefined);
    if (r !== undefined) r.links = links;
  }

  /** `Process.flag(:trap_exit, _)`. */
  get trapExit(): boolean {
    return (this.#rare ?? NO_RARE).trapExit;
  }
  set trapExit(trap: boolean) {
    const r = Proc.#record(this, !trap);
    if (r !== undefined) r.trapExit = trap;
  }

  /** The registered name. */
  get name(): string | undefined {
    return (this.#rare ?? NO_RARE).name;
  }
  set name(name: string | undefined) {
    const r = Proc.#record(this, name === undefined);
    if (r !== undefined) r.name = name;
  }

  /** The `start_link` caller, for GenServer's parent rule. */
  get parent(): Pid | undefined {
    return (this.#rare ?? NO_RARE).parent;
  }
  set parent(parent: Pid | undefined) {
    const r = Proc.#record(this, parent === undefined);
    if (r !== undefined) r.parent = parent;
  }

  /** The tag of the call this process waits on; other replies are dropped. */
  get alias(): Ref | undefined {
    return (this.#rare ?? NO_RARE).alias;
  }
  set alias(alias: Ref | undefined) {
    const r = Proc.#record(this, alias === undefined);
    if (r !== undefined) r.alias = alias;
  }

  /** `sendAfter` timers aimed at this process; cancelled at its exit. */
  get inbound(): Set<Timer> | undefined {
    return (this.#rare ?? NO_RARE).inbound;
  }
  set inbound(timers: Set<Timer> | undefined) {
    const r = Proc.#record(this, timers === undefined);
    if (r !== undefined) r.inbound = timers;
  }

  /** The monitors this process holds on ports (`Port.monitor/1`). */
  get portMonitors(): Map<Ref, Port> | undefined {
    return (this.#rare ?? NO_RARE).portMonitors;
  }
  set portMonitors(monitors: Map<Ref, Port> | undefined) {
    const r = Proc.#record(this, monitors === undefined);
    if (r !== undefined) r.portMonitors = monitors;
  }

  /**
   * @param rt the node that owns the process
   * @param id its pid's serial number
   */
  constructor(readonly rt: Node, id: number) {
    super();
    this.pid = new Pid(id, this);
  }

  /** The process's mailbox: the record itself. */
  get mailbox(): Mailbox {
    return this;
  }

  /** Throws {@linkcode Dead} if this process has exited. */
  checkAlive(): void {
    if (this.reason !== ALIVE) throw raisedBy(new Dead(), this.pid);
  }

  /** A step starts: running, not woken, a new slice (one write). */
  beginStep(): void {
    this.#flags = (this.#flags & SYNC) | RUNNING;
  }

  /** Resumes a waiting process (its receive got a result). */
  wake(): void {
    this.#flags |= WOKEN;
    if ((this.#flags & STATUS) === WAITING) this.rt.scheduler.enqueue(this);
  }

  /** Puts a message in the mailbox, or hands it to the waiting receive. */
  deliver(msg: unknown): void {
    if (this.reason !== ALIVE) return;
    const w = this.waiter;
    if (w !== undefined && (w.accept === anything || matches(w.accept, msg))) {
      w.deliver(msg);
    } else this.push(msg);
  }

  /** Counts a reduction. @returns true when the process used its time slice */
  reduce(): boolean {
    this.rt.scheduler.reductions++;
    const flags = this.#flags + REDUCTION;
    if (flags >> REDUCTION_SHIFT < SLICE) {
      this.#flags = flags;
      return false;
    }
    this.#flags = flags & (REDUCTION - 1); // a new slice
    return true;
  }

  /** Starts a timer on the node's clock. */
  startTimer(ms: number, fire: () => void): Timer {
    return this.rt.timers.schedule(ms, fire);
  }

  /** Stops a timer of {@linkcode startTimer}. */
  cancelTimer(timer: Timer): void {
    this.rt.timers.cancel(timer);
  }

  /** Cancels the `sendAfter` timers; the process has exited. */
  dropTimers(): void {
    const inbound = this.inbound;
    if (inbound === undefined) return;
    for (const timer of inbound) this.cancelTimer(timer);
    this.inbound = undefined;
  }
}

/**
 * `send/2` on `rt`: delivers to a pid (dropped if it is dead) or to a
 * registered name (an unregistered one raises `ArgumentError`).
 *
 * @returns msg
 */
export function sendTo<M>(rt: Node, dest: Dest, msg: M): M {
  let proc: Proc | undefined;
  if (typeof dest === "string") {
    proc = rt.registry.lookup(dest);
    if (proc === undefined) {
      throw new ArgumentError(
        `Cannot send to ${
          inspectReason(dest)
        }: no process is registered under that name`,
      );
    }
  } else proc = dest.proc as Proc;
  proc.deliver(msg);
  return msg;
}

function matches(accept: (msg: unknown) => boolean, msg: unknown): boolean {
  try {
    return accept(msg);
  } catch {
    return false; // the receiver's own scan will raise it in its own process
  }
}
