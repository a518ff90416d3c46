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
 * A receive is both an async and a sync iterator over the same steps (each
 * step is synchronous), so an `async function*` body or callback and a
 * `function*` GenServer callback can both `yield*` to it.
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
  /** Where the receive takes from: the oldest message `accept` accepts. */
  readonly mailbox: { take(accept: (msg: unknown) => boolean): unknown };
  /** The receive the process waits in, handed matching arrivals. */
  waiter: Receive<unknown> | undefined;
  /** Raises if the process has exited. */
  checkAlive(): void;
  /** Counts a reduction; @returns true when the process used its time slice */
  reduce(): boolean;
  /** Resumes the process: its receive has a result. */
  wake(): void;
  /** Starts the `after` timer on the node's clock. */
  startTimer(ms: number, fire: () => void): Timer;
  /** Stops the `after` timer. */
  cancelTimer(timer: Timer): void;
}

const FIRST = 0, WAITING = 1, DONE = 2;
/** The state's bits; above them, ASYNC: delegated to by an async `yield*`. */
const STATE = 3, ASYNC = 4;

// What every receive yields, shared: a `yield*` in a `function*` hands the
// inner result to the scheduler as it is, so none is allocated per wait.
/** @internal The step result of a blocking operation that waits. */
export const WAITS: IteratorResult<Marker, never> = Object.freeze({
  done: false,
  value: WAIT,
});
/** @internal The step result of one that gives the others a turn. */
export const YIELDS: IteratorResult<Marker, never> = Object.freeze({
  done: false,
  value: YIELD,
});

/** What a receive yields to the scheduler, through every `yield*`. */
export type Marker = typeof WAIT | typeof YIELD;

/**
 * A pending `receive`: an iterator (sync and async) that yields
 * {@linkcode WAIT} until a message matches or the timeout fires, then
 * returns `finish(message)`.
 */
export class Receive<T>
  implements IterableIterator<Marker, T, unknown>, AsyncIterable<Marker, T> {
  #state = FIRST;
  #result: unknown = NONE;
  /** The timeout in ms until the receive waits; then its timer, if any. */
  #after: number | Timer;

  /**
   * @internal True once finished: to a sync `yield*` the receive is its
   * own last step result (`{ done: true, value }`), so a finished receive
   * costs no object, nor a field of its own.
   */
  get done(): boolean {
    return (this.#state & STATE) === DONE;
  }

  /** @internal The result, once {@linkcode done}. */
  get value(): T | undefined {
    return this.done ? this.#result as T : undefined;
  }

  /**
   * A receive of `proc`, not started yet: it starts at its first step.
   *
   * @param proc the receiving process
   * @param accept the clauses, as one predicate
   * @param after timeout in ms (`Infinity` waits forever)
   * @param finish maps the matched message or {@linkcode TIMEOUT} to the result; may throw
   */
  constructor(
    /** @internal */ readonly proc: Receiver,
    public accept: (msg: unknown) => boolean,
    after: number,
    readonly finish: (msg: unknown) => T,
  ) {
    this.#after = after;
  }

  /** Whether it has finished: its process may use it again. */
  get finished(): boolean {
    return this.done;
  }

  /**
   * @internal Makes a finished receive a new one of the same process (a
   * plain `receive` reuses its last, so a receive costs no allocation).
   *
   * @param accept the new clauses
   * @param after the new timeout
   * @returns this, not started
   */
  again(accept: (msg: unknown) => boolean, after: number): this {
    this.accept = accept;
    this.#after = after;
    this.#state = FIRST;
    this.#result = NONE;
    return this;
  }

  /** For `yield*` in a `function*` (a GenServer callback). */
  [Symbol.iterator](): this {
    this.#state &= STATE;
    return this;
  }

  /** For `yield*` in an `async function*` (a body, a callback). */
  [Symbol.asyncIterator](): AsyncIterator<Marker, T, unknown> {
    // The same object: an async `yield*` awaits what `next` returns, so a
    // plain result serves it too and saves a promise on every receive.
    this.#state |= ASYNC;
    return this as unknown as AsyncIterator<Marker, T, unknown>;
  }

  /** Steps the receive; the scheduler resumes it after a wake-up. */
  next(): IteratorResult<Marker, T> {
    // Waiting, it is resumed only by the scheduler, which steps only the
    // living; a receive that starts checks, as every verb does.
    const state = this.#state & STATE;
    if (state === WAITING) {
      if (this.#result === NONE) return WAITS;
      return Receive.#finish(this, this.#result);
    }
    this.proc.checkAlive();
    if (state === DONE) throw new TypeError("Receive already finished");
    const msg = this.proc.mailbox.take(this.accept);
    if (msg !== NONE) return Receive.#without(this, msg);
    const after = this.#after as number; // not started: still the ms
    if (after <= 0) return Receive.#without(this, TIMEOUT);
    this.#state = this.#state & ASYNC | WAITING;
    this.proc.waiter = this as Receive<unknown>;
    if (after !== Infinity) {
      this.#after = this.proc.startTimer(after, () => Receive.#timeout(this));
    }
    return WAITS;
  }

  // The steps below are static: a private method on instances would cost
  // each receive a field (its brand), and every idle process holds one.

  /**
   * A result had without suspending. A process whose messages are always
   * there would never suspend: once its slice is used, it gives the others
   * a turn with the result in hand, as the BEAM's reductions do. (Only
   * these receives count: one that suspends has given its turn.)
   */
  static #without<T>(r: Receive<T>, msg: unknown): IteratorResult<Marker, T> {
    if (!r.proc.reduce()) return Receive.#finish(r, msg);
    r.#state = r.#state & ASYNC | WAITING;
    r.#result = msg;
    return YIELDS;
  }

  static #finish<T>(r: Receive<T>, msg: unknown): IteratorResult<Marker, T> {
    // `yield*` reads the value before the process can receive again (and
    // reuse this receive: `again`).
    const async = r.#state & ASYNC;
    r.#state = DONE; // finished even if `finish` throws
    r.#result = undefined;
    const value = r.#result = r.finish(msg);
    // An async `yield*` awaits the result, and awaiting an object looks up
    // its `then`: 36-55 ns for a plain object, 80 for a class instance (1M
    // awaits), whose prototype V8 must walk. So an async one gets a plain
    // result, which costs an object; a sync one, which awaits nothing, the
    // receive itself.
    if (async !== 0) return { done: true, value };
    return r as unknown as IteratorReturnResult<T>;
  }

  /** Hands a matching message to the waiting process (case 3). */
  deliver(msg: unknown): void {
    this.#result = msg;
    Receive.#settle(this);
  }

  static #timeout<T>(r: Receive<T>): void {
    r.#after = 0; // fired: nothing to cancel
    r.#result = TIMEOUT;
    Receive.#settle(r);
  }

  static #settle<T>(r: Receive<T>): void {
    r.cancel();
    r.proc.waiter = undefined;
    r.proc.wake();
  }

  /** Stops waiting without a result: the process died. */
  cancel(): void {
    const timer = this.#after;
    if (typeof timer === "number") return;
    this.proc.cancelTimer(timer);
    this.#after = 0;
  }
}
