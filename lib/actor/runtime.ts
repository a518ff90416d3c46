/**
 * A runtime: the node that processes live on, with its run queue, timers,
 * registry and logger. `startRuntime()` gives one; `await using` stops it,
 * killing what is left and waiting for their steps to settle.
 *
 * From outside any process (a test, the CLI), the runtime offers the same
 * verbs a process has, sent from the pseudo-pid `#PID<0.0.0>`, plus
 * `monitor` as a promise of the DOWN and `run` to get a body's result.
 *
 * @module
 */

import { type Clock, realClock } from "./clock.ts";
import { type Down, ExitError, type ExitReason, Tuple } from "./exit_reason.ts";
import { inspectReason } from "./inspect.ts";
import { exitProcess, exitSignal } from "./link.ts";
import {
  consoleLogger,
  formatEntry,
  type Level,
  type Logger,
} from "./logger.ts";
import { Pid, Port, type PortCloser, Ref } from "./pid.ts";
import { ALIVE, ArgumentError, type Body, type Dest, Proc } from "./process.ts";
import { Registry } from "./registry.ts";
import { Scheduler } from "./scheduler.ts";
import { Timers } from "./timers.ts";

/** How to build a runtime. */
export interface RuntimeOptions {
  /** Time and timers; {@linkcode ManualClock} in tests. Default: the host's. */
  clock?: Clock;
  /** Where reports go. Default: the console's error stream. */
  logger?: Logger;
}

/** A node: processes, names, timers. */
export class Runtime {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timers: Timers;
  readonly scheduler: Scheduler;
  readonly registry: Registry = new Registry();
  /** The sender of signals and messages from outside any process. */
  readonly outside: Pid = new Pid(0, {});
  #nextPid = 100;
  #nextRef = 1;
  #nextPort = 1;
  #live = new Set<Proc>();

  /** @param options clock and logger */
  constructor(options: RuntimeOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.logger = options.logger ?? consoleLogger;
    this.timers = new Timers(this.clock);
    this.scheduler = new Scheduler((message) => this.log("error", message));
  }

  /** Logs `message` at `level`, formatted as Elixir's console does. */
  log(level: Level, message: string): void {
    this.logger(level, formatEntry(this.clock, level, message));
  }

  /**
   * Starts `body` in a new process (`spawn/1`), or linked to `options.link`
   * before it runs (`spawn_link/1`).
   *
   * @returns its pid
   */
  spawn(body: Body, options: { link?: Proc } = {}): Pid {
    const p = new Proc(this, this.#nextPid++);
    if (options.link !== undefined) {
      (p.links = new Set()).add(options.link);
      (options.link.links ??= new Set()).add(p);
    }
    this.#live.add(p);
    p.gen = body(p);
    this.scheduler.enqueue(p);
    return p.pid;
  }

  /** `send/2` from outside. @returns msg */
  send<M>(dest: Dest, msg: M): M {
    let proc: Proc | undefined;
    if (typeof dest === "string") {
      proc = this.registry.lookup(dest);
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
   * Watches `pid` from outside.
   *
   * @returns the DOWN it will get, `noproc` at once for a dead pid
   */
  monitor(pid: Pid): Promise<Down> {
    const p = pid.proc as Proc;
    const ref = this.makeRef();
    if (p.reason !== ALIVE) {
      return Promise.resolve({ type: "DOWN", ref, pid, reason: "noproc" });
    }
    return new Promise((resolve) => {
      (p.watchers ??= new Map()).set(ref, {
        ref,
        target: p,
        watcher: (down: unknown) => resolve(down as Down),
      });
    });
  }

  /**
   * Runs `body` in a new process and gives what it returns.
   *
   * @returns its return value; rejects with {@linkcode ExitError} if it exits otherwise
   */
  run<T>(
    body: (self: Proc) => AsyncGenerator<unknown, T, unknown>,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let value: T;
      const pid = this.spawn(async function* (self) {
        value = yield* body(self);
      });
      // Settles once the process is gone, so what it leaves is visible.
      this.monitor(pid).then((down) => {
        if (down.reason === "normal") resolve(value);
        else reject(new ExitError(down.reason));
      });
    });
  }

  /** @returns a new reference */
  makeRef(): Ref {
    return new Ref(this.#nextRef++);
  }

  /** @internal @returns a new port that runs `close` once */
  makePort(close: PortCloser): Port {
    return new Port(this.#nextPort++, close);
  }

  /** @internal `{name, node}`, as a DOWN for a named monitor shows it. */
  nodeName(name: string): Tuple {
    return new Tuple(name, "nonode@nohost");
  }

  /** @internal Bookkeeping when `p` exits: name, timers, memory. */
  exited(p: Proc): void {
    this.registry.release(p);
    this.#live.delete(p);
    p.gen = undefined;
    p.mailbox.clear();
  }

  /** @returns how many processes are alive */
  get processCount(): number {
    return this.#live.size;
  }

  /** Kills every process, closes their ports, and waits for their steps. */
  async [Symbol.asyncDispose](): Promise<void> {
    for (const p of [...this.#live]) exitProcess(p, "killed");
    this.timers.clear();
    await this.scheduler.settled();
  }
}

/**
 * @param options clock and logger
 * @returns a new runtime; dispose it with `await using`
 */
export function startRuntime(options?: RuntimeOptions): Runtime {
  return new Runtime(options);
}
