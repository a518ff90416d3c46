/**
 * The run queue that steps process bodies. Each step resumes one generator
 * until it waits in a receive (`WAIT`), yields (`yield`), returns (exit
 * `:normal`) or throws (exit with the error, logged as Elixir logs a
 * crashed process). A `function*` body's step is one synchronous call; an
 * `async function*` body's step settles through the promise `next()`
 * returns, so steps of those overlap: a body awaiting I/O holds only itself.
 *
 * Fairness: the queue is first-in first-out, and one batch runs what is
 * queued and what its steps wake, until the queue is empty or a budget of
 * steps and receives is spent; the next batch then waits for a turn of the
 * host's event loop, so timers and I/O are never starved by processes that
 * keep each other busy.
 *
 * The process whose step is running synchronously is known
 * ({@linkcode runningProcess}), so an error that reaches the host while it
 * runs can be reported as that process's. That costs one write a step; what
 * a body leaves to run later (an unawaited promise, a host timer) cannot be
 * traced back without a hook on every promise, and is reported as outside
 * any process.
 *
 * @module
 */

import type { Clock } from "./clock.ts";
import type { Timers } from "./timers.ts";
import { crash, ExitError } from "./exit_reason.ts";
import { formatException } from "./inspect.ts";
import { exitProcess } from "./link.ts";
import { ALIVE, type Proc } from "./proc.ts";
import { WAIT } from "./receive.ts";

/** Steps between two turns of the host's event loop. */
const BUDGET = 4000;

/** The process whose step runs now, synchronously; one for all runtimes. */
let running: Proc | undefined;

/**
 * @returns the process whose body is running synchronously right now, or
 * undefined outside any step (in a timer, an I/O callback, a continuation
 * after an `await`)
 */
export function runningProcess(): Proc | undefined {
  return running;
}

/** The run queue. */
export class Scheduler {
  #queue: (Proc | undefined)[] = [];
  #head = 0;
  #pending = false;
  /** Work done since the host's event loop last had a turn. */
  reductions = 0;
  #inflight = 0;
  /** Set while an async step's result is applied (see {@linkcode enqueue}). */
  #settling = false;
  #drainNow = false;
  #idle: (() => void) | undefined;

  /**
   * @param log where crash reports go
   * @param clock gives the host's event loop its turns
   * @param timers start what a batch of steps set once it ends
   */
  constructor(
    readonly log: (message: string) => void,
    readonly clock: Clock,
    readonly timers: Timers,
  ) {}

  /** Who wants the value a body returns (`Runtime.run`). */
  #returns = new WeakMap<Proc, (value: unknown) => void>();

  /**
   * @param p a process that has not run yet
   * @param keep told what its body returns, if it returns
   */
  onReturn(p: Proc, keep: (value: unknown) => void): void {
    this.#returns.set(p, keep);
  }

  /** Makes `p` runnable; it resumes after those already queued. */
  enqueue(p: Proc): void {
    p.status = "runnable";
    this.#queue.push(p);
    if (this.#pending) return;
    this.#pending = true;
    // An async step that settled wakes the queue from its own microtask:
    // the batch runs right after it, with no microtask of its own.
    if (this.#settling && this.reductions < BUDGET) this.#drainNow = true;
    else if (this.reductions < BUDGET) queueMicrotask(this.#drain);
    else {
      this.reductions = 0;
      this.clock.afterTurn(this.#drain);
    }
  }

  /** @returns a promise that settles once no step is in flight */
  settled(): Promise<void> {
    if (this.#inflight === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#idle = resolve));
  }

  #drain = (): void => {
    const q = this.#queue;
    // Runs the queue, and what these steps wake, until it is empty or the
    // budget is spent; then the host's event loop has a turn first.
    try {
      this.timers.batch(this.#steps);
    } finally {
      running = undefined; // what runs after this batch is no one's step
      if (this.#head === q.length) {
        this.#queue = [];
        this.#head = 0;
        this.#pending = false;
      } else {
        // Cut off what was run once it is half the array, no sooner: so a
        // burst of n spawns copies O(n) slots in all, not O(n^2 / 8192).
        if (this.#head > 4096 && this.#head * 2 >= q.length) {
          this.#queue = q.slice(this.#head);
          this.#head = 0;
        }
        this.reductions = 0;
        this.clock.afterTurn(this.#drain);
      }
    }
  };

  #steps = (): void => {
    const q = this.#queue;
    while (this.#head < q.length && this.reductions < BUDGET) {
      const p = q[this.#head]!;
      q[this.#head++] = undefined;
      this.#step(p);
    }
  };

  #step(p: Proc): void {
    const gen = p.gen;
    if (p.reason !== ALIVE || gen === undefined) return;
    p.beginStep();
    this.reductions++;
    running = p;
    if (p.sync) {
      // A `function*` body: the whole step is this call, and what it
      // yields is known before the next process runs.
      let r: IteratorResult<unknown, unknown>;
      try {
        r = (gen as Generator<unknown, unknown>).next();
      } catch (error) {
        return this.#crash(p, error);
      }
      return this.#after(p, r);
    }
    this.#inflight++;
    try {
      (gen as AsyncGenerator<unknown, unknown>).next().then(
        (r) => this.#settle(p, r),
        (e) => this.#fail(p, e),
      );
    } catch (error) {
      // A `next` that throws instead of rejecting (a body's own iterator):
      // the same crash, and the rest of this batch still runs.
      this.#fail(p, error);
    }
  }

  #settle(p: Proc, r: IteratorResult<unknown, unknown>): void {
    this.#done();
    this.#settling = true;
    try {
      this.#after(p, r);
    } finally {
      this.#settling = false;
    }
    if (this.#drainNow) {
      this.#drainNow = false;
      this.#drain();
    }
  }

  /** What a step ended on: the body returned, waits, or yields. */
  #after(p: Proc, r: IteratorResult<unknown, unknown>): void {
    if (p.reason !== ALIVE) return;
    if (r.done) {
      this.#returns.get(p)?.(r.value);
      exitProcess(p, "normal");
    } else if (r.value === WAIT && !p.woken) p.status = "waiting";
    else this.enqueue(p);
  }

  #fail(p: Proc, error: unknown): void {
    this.#done();
    this.#crash(p, error);
  }

  #crash(p: Proc, error: unknown): void {
    if (p.reason !== ALIVE) return; // killed while it ran: nothing more runs
    if (error instanceof ExitError) return exitProcess(p, error.reason);
    this.log(
      `Process ${p.pid} raised an exception\n${formatException(error)}`,
    );
    exitProcess(p, crash(error));
  }

  #done(): void {
    if (--this.#inflight === 0 && this.#idle !== undefined) {
      const idle = this.#idle;
      this.#idle = undefined;
      idle();
    }
  }
}
