/**
 * Callbacks that block: what a GenServer callback (`init`, `handleCall`,
 * `handleCast`, `handleInfo`, `handleContinue`, `terminate`) may return, and
 * how the server loop waits for it. As in OTP, a callback runs in the
 * server's own process, so while it blocks the server handles nothing else.
 *
 * 1. A plain value: the result, used at once (the common case; no wrapper
 *    is made).
 * 2. A promise (an `async` callback): awaited, as `self.await` does.
 * 3. An async generator (an `async function*` callback): the loop delegates
 *    to it with `yield*`, so it may `yield*` to any blocking operation of its
 *    process (`GenServer.call`, `Task.await`, `self.receive`,
 *    `self.sleep`); what it returns is the result.
 * 4. A sync generator (a `function*` callback): the same, and the fast kind:
 *    the loop is a `function*` too, so it runs in the server's step with no
 *    promise. It may `yield*` to anything that is a sync iterator
 *    (`GenServer.call`, `Task.await`, `self.receive`, `self.sleep`,
 *    `self.await(promise)`), not to an async generator.
 *
 * @example A handleCall that asks another server
 * ```ts ignore
 * *handleCall(request, _from, state, self) {
 *   const answer = yield* GenServer.call(self, state.backend, request);
 *   return { type: "reply", reply: answer, state };
 * }
 * ```
 *
 * @module
 */

import { type Awaiter, Awaiting } from "./awaiting.ts";
import { WAIT } from "./receive.ts";

/** What a callback returning `T` may return: `T` itself, or a way to wait for it. */
export type Blocking<T> =
  | T
  | Promise<T>
  | Generator<unknown, T, unknown>
  | AsyncGenerator<unknown, T, unknown>;

/** A callback's result that must be waited for (cases 2 to 4). */
export type Pending<T> = Exclude<Blocking<T>, T>;

/**
 * @param r what a callback returned
 * @returns whether it is a promise or a generator (cases 2 to 4), checked
 * with two property reads for a plain result
 */
export function isPending<T>(r: Blocking<T>): r is Pending<T> {
  if (typeof r !== "object" || r === null) return false;
  if (typeof (r as { next?: unknown }).next === "function") {
    return Symbol.asyncIterator in r || Symbol.iterator in r;
  }
  return r instanceof Promise;
}

/**
 * Waits for a pending result in the calling process: the loop delegates to
 * it with `yield*`. The loop is a `function*` body, so a promise is waited
 * for as `self.await` does, and an async generator is stepped through the
 * promise of each of its `next()` calls.
 *
 * @param self the waiting process
 * @param r the promise or generator a callback returned
 * @returns what it resolves to or returns; throws what it throws
 */
export function* wait<T>(
  self: Waiter,
  r: Pending<T>,
): Generator<unknown, T, unknown> {
  if (r instanceof Promise) return yield* new Awaiting(self, r);
  if (Symbol.asyncIterator in r) {
    return yield* stepAsync(self, r as AsyncGenerator<unknown, T, unknown>);
  }
  return yield* r as Generator<unknown, T, unknown>;
}

/** The process a callback blocks in, as {@linkcode wait} needs it. */
export interface Waiter extends Awaiter {
  /** The receive it waits in, if any. */
  readonly waiter: unknown;
}

function* stepAsync<T>(
  self: Waiter,
  r: AsyncGenerator<unknown, T, unknown>,
): Generator<unknown, T, unknown> {
  for (;;) {
    const step = yield* new Awaiting(self, r.next());
    if (step.done) return step.value;
    // The callback waits in a receive. Its wake-up may already have come
    // while this step was on its way (the message arrived first): then the
    // receive has its result, and the callback goes on at once.
    if (step.value === WAIT && self.waiter === undefined) continue;
    yield step.value;
  }
}
