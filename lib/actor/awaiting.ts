/**
 * A host promise as a blocking operation of a process: what
 * `yield* self.await(promise)` delegates to, so that a `function*` body or
 * callback (stepped synchronously, with no `await` of its own) can wait for
 * I/O. The process waits (`:status` is `waiting`) until the promise settles,
 * then resumes with its value, or with its rejection thrown at the `yield*`.
 * Messages that arrive meanwhile stay in the mailbox; exit signals act at
 * once, and a promise that settles after the process died is ignored.
 *
 * @module
 */

import { type Marker, WAITS } from "./receive.ts";

/** The process side an await needs. */
export interface Awaiter {
  /** Raises if the process has exited. */
  checkAlive(): void;
  /** Resumes the process: the promise settled. */
  wake(): void;
}

const FIRST = 0, WAITING = 1, SETTLED = 2, DONE = 3;

/** A pending `self.await`: a sync and async iterator, like a receive. */
export class Awaiting<T>
  implements IterableIterator<Marker, T, unknown>, AsyncIterable<Marker, T> {
  #state = FIRST;
  #value: T | undefined;
  #error: unknown;
  #failed = false;

  /**
   * A wait for `promise`; `self.await` makes it.
   *
   * @param proc the waiting process
   * @param promise what it waits for
   */
  constructor(
    /** @internal */ readonly proc: Awaiter,
    readonly promise: PromiseLike<T>,
  ) {}

  /** For `yield*` in a `function*`. */
  [Symbol.iterator](): this {
    return this;
  }

  /** For `yield*` in an `async function*` (where `await` is simpler). */
  [Symbol.asyncIterator](): AsyncIterator<Marker, T, unknown> {
    return this as unknown as AsyncIterator<Marker, T, unknown>;
  }

  /** Whether the promise has not settled yet. */
  get pending(): boolean {
    return this.#state < SETTLED;
  }

  /** Steps the await; the scheduler resumes it once the promise settled. */
  next(): IteratorResult<Marker, T> {
    this.proc.checkAlive();
    if (this.#state === FIRST) {
      this.#state = WAITING;
      this.promise.then(
        (value) => this.#settle(value, undefined, false),
        (error) => this.#settle(undefined, error, true),
      );
      return WAITS;
    }
    if (this.#state === WAITING) return WAITS;
    if (this.#state === DONE) throw new TypeError("Await already finished");
    this.#state = DONE;
    if (this.#failed) throw this.#error;
    return { done: true, value: this.#value as T };
  }

  #settle(value: T | undefined, error: unknown, failed: boolean): void {
    this.#value = value;
    this.#error = error;
    this.#failed = failed;
    this.#state = SETTLED;
    this.proc.wake();
  }
}
