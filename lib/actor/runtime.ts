/**
 * A runtime: the node that processes live on, with its run queue, timers,
 * registry and logger. `startRuntime()` gives one; `await using` stops it,
 * killing what is left and waiting for their steps to settle.
 *
 * From outside any process (a test, the CLI), the runtime offers the same
 * verbs a process has, sent from the pseudo-pid `#PID<0.0.0>`, plus
 * `monitor` as a promise of the DOWN and `run` to get a body's result.
 *
 * `spawn` of anything but a body raises a `TypeError` at the call; a body
 * that raises before its first `yield`, even when called, exits with the
 * error like any crash, and its links and monitors are told.
 *
 * {@linkcode logUncaught} is the other half of "one process's bug never
 * ends the node": the handler for what no one handled (an unawaited
 * rejection, a throw in a host timer), for the host's hooks in lib/sys.
 *
 * @module
 */

import { type Clock, realClock } from "./clock.ts";
import {
  crash,
  type Down,
  ExitError,
  type ExitReason,
  Tuple,
} from "./exit_reason.ts";
import { exitProcess, exitSignal } from "./link.ts";
import {
  formatUncaught,
  type Level,
  type Logger,
  type LoggerConfig,
  type LogSink,
  logSink,
  type Metadata,
  type Uncaught,
} from "./logger.ts";
import { Pid, Port, type PortCloser, type PortOptions, Ref } from "./pid.ts";
import { callBody, checkBody, isSyncGenerator } from "./body.ts";
import { raiserOf } from "./raisers.ts";
import {
  addWatcher,
  ALIVE,
  type Dest,
  Monitor,
  type Proc,
  sendTo,
} from "./proc.ts";
import { type Body, Process, type Self } from "./process.ts";
import { unwatch, watch } from "./monitor.ts";
import type { PortDown } from "./port.ts";
import { Registry } from "./registry.ts";
import { RuntimeEvents } from "./events.ts";
import { runningProcess, Scheduler } from "./scheduler.ts";
import { Timers } from "./timers.ts";

/** How to build a runtime. */
export interface RuntimeOptions {
  /** Time and timers; {@linkcode ManualClock} in tests. Default: the host's. */
  clock?: Clock;
  /**
   * Where reports go: a function given each entry in the default format,
   * or the console backend's settings (`format`, `device`, `level`,
   * `metadata`, as `config :logger, :console`). Default: the console's
   * error stream, in Elixir's default format.
   */
  logger?: Logger | LoggerConfig;
}

/** A node: processes, names, timers. */
export class Runtime {
  /** The node's clock: real time, or a test's {@linkcode ManualClock}. */
  readonly clock: Clock;
  #log: LogSink;
  /**
   * The node's timers (`receive ... after`, `send_after`).
   *
   * @internal
   */
  readonly timers: Timers;
  /**
   * The run queue.
   *
   * @internal
   */
  readonly scheduler: Scheduler;
  /**
   * The registered names.
   *
   * @internal
   */
  readonly registry: Registry = new Registry();
  /** Spawns, exits, links, monitors, names, restarts: see events.ts. */
  readonly events: RuntimeEvents = new RuntimeEvents((error) =>
    this.log("error", formatUncaught(error, "exception"))
  );
  /** The sender of signals and messages from outside any process. */
  readonly outside: Pid = new Pid(0, {});
  #nextPid = 100;
  #nextRef = 1;
  #nextPort = 1;
  /** The live processes, as a ring through their records; and how many. */
  #live: Proc | undefined;
  #count = 0;

  /**
   * A node; {@linkcode startRuntime} is the usual way to make one.
   *
   * @param options clock and logger
   */
  constructor(options: RuntimeOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.#log = logSink(this.clock, options.logger);
    // A timer callback that throws is reported, and the others still fire.
    this.timers = new Timers(
      this.clock,
      (error) => this.log("error", formatUncaught(error, "exception")),
    );
    this.scheduler = new Scheduler(
      (message) => this.log("error", message),
      this.clock,
      this.timers,
    );
  }

  /**
   * Logs `message` at `level`, formatted as Elixir's console does.
   *
   * @param level the level; below the configured one, dropped
   * @param message the message, possibly several lines
   * @param metadata what `$metadata` may print (`pid`)
   */
  log(level: Level, message: string, metadata?: Metadata): void {
    this.#log(level, message, metadata);
  }

  /**
   * Starts `body` in a new process (`spawn/1`), or linked to `options.link`
   * before it runs (`spawn_link/1`).
   *
   * @example Only an async generator function is a body
   * ```ts
   * import { throws } from "node:assert/strict";
   * import { startRuntime } from "./runtime.ts";
   * await using rt = startRuntime();
   * // @ts-expect-error: the type checker says so too, where there is one
   * throws(() => rt.spawn(async () => {}), {
   *   name: "TypeError",
   *   message: /^Cannot spawn an anonymous async function: /,
   * });
   * ```
   * @param body an async generator function, or a function returning an
   * async generator
   * @param options `link`: the process to link to, atomically
   * @returns its pid; throws `TypeError` if `body` is no body
   */
  spawn(body: Body, options?: { link?: Self }): Pid {
    const link = options?.link as Proc | undefined;
    return this.spawnFrom(body, link, undefined, undefined);
  }

  /**
   * @internal `spawn/1`, `spawn_link/1`, `spawn_monitor/1` and
   * `Process.spawn/2`: the link and the monitor (made by its watcher, set
   * on nothing yet) are set before the body is called, so a body that dies
   * at once still sends its EXIT and its DOWN (never a `:noproc`).
   * Positional, so that a plain spawn allocates nothing for its options.
   */
  spawnFrom(
    body: Body,
    link: Proc | undefined,
    monitor: Monitor | undefined,
    spawner: Proc | undefined,
  ): Pid {
    checkBody(body);
    const p = new Process(this, this.#nextPid++);
    if (link !== undefined) {
      (p.links = new Set()).add(link);
      (link.links ??= new Set()).add(p);
    }
    if (monitor !== undefined) watch(monitor, p);
    this.#join(p);
    if (this.events.active) {
      const parent = spawner?.pid;
      this.events.emit({ type: "spawn", pid: p.pid, parent, link: link?.pid });
    }
    const gen = callBody(body, p);
    if (gen instanceof TypeError) {
      // Undo the link and the monitor first: the caller gets the error,
      // not an EXIT or a DOWN too.
      if (link !== undefined) {
        link.links?.delete(p);
        p.links?.delete(link);
      }
      if (monitor !== undefined) unwatch(monitor.watcher as Proc, monitor);
      exitProcess(p, crash(gen));
      throw gen;
    }
    if (p.reason !== ALIVE) return p.pid; // it died while being called
    p.gen = gen;
    p.sync = isSyncGenerator(p.gen);
    this.scheduler.enqueue(p);
    return p.pid;
  }

  /** `send/2` from outside. @returns msg */
  send<M>(dest: Dest, msg: M): M {
    return sendTo(this, dest, msg);
  }

  /** `Process.exit/2` from outside. @returns true */
  exit(pid: Pid, reason: ExitReason): true {
    exitSignal(pid, this.outside, reason);
    return true;
  }

  /** `Process.alive?/1`. */
  alive(pid: Pid): boolean {
    return (pid.proc as Proc).reason === ALIVE;
  }

  /** `Process.whereis/1`. */
  whereis(name: string): Pid | undefined {
    return this.registry.whereis(name);
  }

  /**
   * Watches `pid` (or a port, as `Port.monitor/1` does) from outside.
   *
   * @returns the DOWN it will get, `noproc` at once for a dead pid or a
   *   closed port
   */
  monitor(pid: Pid): Promise<Down>;
  /** Watches a port from outside (`Port.monitor/1`). */
  monitor(port: Port): Promise<PortDown>;
  monitor(pid: Pid | Port): Promise<Down | PortDown> {
    if (pid instanceof Port) return monitorPortOutside(this.makeRef(), pid);
    const p = pid.proc as Proc;
    if (p.reason !== ALIVE) {
      const ref = this.makeRef();
      return Promise.resolve({ type: "DOWN", ref, pid, reason: "noproc" });
    }
    return new Promise((resolve) => {
      const m = this.makeMonitor((down) => resolve(down as Down));
      m.target = p;
      addWatcher(p, m);
    });
  }

  /**
   * Runs `body` in a new process and gives what it returns.
   *
   * @returns its return value; rejects with {@linkcode ExitError} if it exits otherwise
   */
  run<T>(
    body: (
      self: Self,
    ) => AsyncGenerator<unknown, T, unknown> | Generator<unknown, T, unknown>,
  ): Promise<T> {
    let value: T;
    const pid = this.spawnFrom(body, undefined, undefined, undefined);
    // What the body returns, kept by the scheduler as it ends: no wrapper
    // generator between the scheduler and the body.
    this.scheduler.onReturn(pid.proc as Proc, (v) => value = v as T);
    return new Promise<T>((resolve, reject) => {
      // Settles once the process is gone, so what it leaves is visible.
      this.monitor(pid).then((down) => {
        if (down.reason === "normal") resolve(value);
        else reject(new ExitError(down.reason));
      });
    });
  }

  /** `make_ref/0` from outside any process. @returns a new reference */
  makeRef(): Ref {
    return new Ref(this.#nextRef++);
  }

  /** @internal A monitor of `watcher`, set on nothing yet: a new ref. */
  makeMonitor(
    watcher: Proc | ((down: unknown) => void),
    name?: string,
  ): Monitor {
    return new Monitor(this.#nextRef++, watcher, name);
  }

  /** @internal @returns a new port that runs `close` once */
  makePort(close: PortCloser, options?: PortOptions): Port {
    return new Port(this.#nextPort++, close, options);
  }

  /** @internal `{name, node}`, as a DOWN for a named monitor shows it. */
  nodeName(name: string): Tuple {
    return new Tuple(name, "nonode@nohost");
  }

  /** @internal Bookkeeping when `p` exits: name, timers, memory. */
  exited(p: Proc): void {
    this.registry.release(p);
    this.#leave(p);
    p.gen = undefined;
    p.mailbox.clear();
  }

  #join(p: Proc): void {
    const first = this.#live;
    this.#count++;
    if (first === undefined) {
      p.livePrev = p.liveNext = p;
      this.#live = p;
      return;
    }
    const last = first.livePrev!;
    p.livePrev = last;
    p.liveNext = first;
    last.liveNext = p;
    first.livePrev = p;
  }

  #leave(p: Proc): void {
    const next = p.liveNext;
    if (next === undefined) return;
    this.#count--;
    if (next === p) this.#live = undefined;
    else {
      p.livePrev!.liveNext = next;
      next.livePrev = p.livePrev;
      if (this.#live === p) this.#live = next;
    }
    p.livePrev = p.liveNext = undefined;
  }

  /** How many processes are alive (`length(Process.list())`). */
  get processCount(): number {
    return this.#count;
  }

  /** Kills every process, closes their ports, and waits for their steps. */
  async [Symbol.asyncDispose](): Promise<void> {
    const live: Proc[] = [];
    for (let p = this.#live; p !== undefined && live.length < this.#count;) {
      live.push(p);
      p = p.liveNext;
    }
    for (const p of live) exitProcess(p, "killed");
    this.timers.clear();
    await this.scheduler.settled();
  }
}

function monitorPortOutside(ref: Ref, port: Port): Promise<PortDown> {
  if (!port.open) {
    return Promise.resolve({ type: "DOWN", ref, port, reason: "noproc" });
  }
  return new Promise((resolve) => {
    (port.watchers ??= new Map()).set(ref, (reason: unknown) => {
      resolve({ type: "DOWN", ref, port, reason });
    });
  });
}

/**
 * A handler for the errors no one handled, to install with the host's hooks
 * (`onUncaught` of lib/sys/deno.ts or lib/sys/node.ts): it logs each as
 * Elixir logs a crashed process, naming the process when it is known, and
 * returns, so the host keeps running. The process is known for an error the
 * process API raised (`Dead`, in an unawaited helper of a killed process;
 * `exit/1`) and for one that surfaces while its step runs; what a body left
 * to run later (`Promise.reject(e)` unawaited, a host timer) is reported as
 * outside any process.
 *
 * @example Keeping a Deno program running
 * ```ts ignore
 * import { onUncaught } from "../sys/deno.ts";
 * onUncaught(logUncaught());
 * ```
 * @param options `logger` (a function or the console's settings, as for a
 * runtime; default: the console's error stream) and `clock` (for the time
 * stamps; default: the host's)
 * @returns the handler
 */
export function logUncaught(
  options: RuntimeOptions = {},
): (error: unknown, origin: Uncaught) => void {
  const log = logSink(options.clock ?? realClock, options.logger);
  return (error, origin) => {
    const pid = raiserOf(error) ?? runningProcess()?.pid;
    const message = formatUncaught(error, origin, pid);
    log("error", message, pid === undefined ? undefined : { pid });
  };
}

/**
 * Starts a node for processes to run on.
 *
 * @param options clock and logger
 * @returns a new runtime; dispose it with `await using`
 */
export function startRuntime(options?: RuntimeOptions): Runtime {
  return new Runtime(options);
}
