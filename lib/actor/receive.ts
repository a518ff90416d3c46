/**
 * `receive ... after`: the one way a process blocks. A {@linkcode Receive}
 * is the value a process delegates to with `yield*`; every blocking call in
 * servy (`GenServer.call`, `GenServer.start`, `Process.sleep`) is a receive
 * with a matcher and a `finish` that turns the matched message into a result.
 *
 * 1. A message already in the mailbox that matches is taken at once, the
 *    oldest first (mailbox order beats clause order).
 * 2. `after: 0` only looks at what is already there.
 * 3. Otherwise the process waits; the first matching arrival is handed to it
 *    directly (no earlier message matched, or it would have been taken).
 * 4. `after: ms` fires `ms` after the receive started; non-matching arrivals
 *    do not restart it.
 *
 * @module
 */

import { NONE } from "./mailbox.ts";
import type { Timer } from "./timers.ts";

/** What {@linkcode Receive} gives when its `after` fired. */
export const TIMEOUT: unique symbol = Symbol("timeout");

/** Yielded to the scheduler by a process that must wait for a message. */
export const WAIT: unique symbol = Symbol("wait");

/** Yielded to the scheduler by a process that used its time slice. */
export const YIELD: unique symbol = Symbol("yield");

/** The process side a receive needs: its mailbox, timers and wake-up. */
export interface Receiver {
  readonly mailbox: { take(accept: (msg: unknown) => boolean): unknown };
  waiter: Receive<unknown> | undefined;
  checkAlive(): void;
  /** Counts a reduction; @returns true when the process used its time slice */
  reduce(): boolean;
  wake(): void;
  startTimer(ms: number, fire: () => void): Timer;
  cancelTimer(timer: Timer): void;
}

const FIRST = 0, WAITING = 1, DONE = 2;

/**
 * A pending `receive`: an async iterator that yields {@linkcode WAIT} until a
 * message matches or the timeout fires, then returns `finish(message)`.
 */
export class Receive<T>
  implements AsyncIterableIterator<typeof WAIT | typeof YIELD, T, unknown> {
  #state = FIRST;
  #result: unknown = NONE;
  #timer: Timer | undefined;

  /**
   * @param proc the receiving process
   * @param accept the clauses, as one predicate
   * @param after timeout in ms (`Infinity` waits forever)
   * @param finish maps the matched message or {@linkcode TIMEOUT} to the result; may throw
   */
  constructor(
    readonly proc: Receiver,
    readonly accept: (msg: unknown) => boolean,
    readonly after: number,
    readonly finish: (msg: unknown) => T,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Steps the receive; the scheduler resumes it after a wake-up. */
  next(): Promise<IteratorResult<typeof WAIT | typeof YIELD, T>> {
    // A plain result, not a promise: `yield*` awaits it either way, and this
    // saves an allocation on every receive.
    return this.#step() as unknown as Promise<
      IteratorResult<typeof WAIT | typeof YIELD, T>
    >;
  }

  #step(): IteratorResult<typeof WAIT | typeof YIELD, T> {
    this.proc.checkAlive();
    if (this.#state === WAITING) {
      if (this.#result === NONE) return { done: false, value: WAIT };
      return this.#finish(this.#result);
    }
    if (this.#state === DONE) throw new TypeError("Receive already finished");
    // A process whose messages are always there would never suspend: give
    // the others a turn once its slice is used, as the BEAM's reductions do.
    if (this.proc.reduce()) return { done: false, value: YIELD };
    const msg = this.proc.mailbox.take(this.accept);
    if (msg !== NONE) return this.#finish(msg);
    if (this.after <= 0) return this.#finish(TIMEOUT);
    this.#state = WAITING;
    this.proc.waiter = this as Receive<unknown>;
    if (this.after !== Infinity) {
      this.#timer = this.proc.startTimer(this.after, () => this.#timeout());
    }
    return { done: false, value: WAIT };
  }

  #finish(msg: unknown): IteratorResult<typeof WAIT | typeof YIELD, T> {
    this.#state = DONE;
    return { done: true, value: this.finish(msg) };
  }

  /** Hands a matching message to the waiting process (case 3). */
  deliver(msg: unknown): void {
    this.#result = msg;
    this.#settle();
  }

  #timeout(): void {
    this.#timer = undefined;
    this.#result = TIMEOUT;
    this.#settle();
  }

  #settle(): void {
    if (this.#timer !== undefined) this.proc.cancelTimer(this.#timer);
    this.#timer = undefined;
    this.proc.waiter = undefined;
    this.proc.wake();
  }

  /** Stops waiting without a result: the process died. */
  cancel(): void {
    if (this.#timer !== undefined) this.proc.cancelTimer(this.#timer);
    this.#timer = undefined;
  }
}
