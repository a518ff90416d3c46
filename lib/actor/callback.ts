/**
 * Callbacks that block: what a GenServer callback (`init`, `handleCall`,
 * `handleCast`, `handleInfo`, `handleContinue`, `terminate`) may return, and
 * how the server loop waits for it. As in OTP, a callback runs in the
 * server's own process, so while it blocks the server handles nothing else.
 *
 * 1. A plain value: the result, used at once (the common case; no wrapper
 *    is made).
 * 2. A promise (an `async` callback): awaited.
 * 3. An async generator (an `async function*` callback): the loop delegates
 *    to it with `yield*`, so it may `yield*` to any blocking operation of its
 *    process (`self.GenServer.call`, `Task.await`, `self.receive`,
 *    `self.sleep`); what it returns is the result.
 * 4. A sync generator (a `function*` callback): the same, stepped by the
 *    loop, which forwards each marker it yields (`WAIT`, `YIELD`) to the
 *    scheduler. It may `yield*` to what is a `Receive` (`self.GenServer.call`,
 *    `self.receive`, `self.sleep`, which are sync iterators too), not to an
 *    async generator.
 *
 * @example A handleCall that asks another server
 * ```ts ignore
 * *handleCall(request, _from, state, self) {
 *   const answer = yield* self.GenServer.call(state.backend, request);
 *   return { type: "reply", reply: answer, state };
 * }
 * ```
 *
 * @module
 */

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
 * Waits for a pending result in the calling process: delegate to it with
 * `yield*`.
 *
 * @param r the promise or generator a callback returned
 * @returns what it resolves to or returns; throws what it throws
 */
export async function* wait<T>(
  r: Pending<T>,
): AsyncGenerator<unknown, T, unknown> {
  if (r instanceof Promise) return await r;
  if (Symbol.asyncIterator in r) return yield* r;
  // Stepped by hand: `yield*` would wrap it in an async-from-sync iterator.
  for (let step = r.next();; step = r.next()) {
    if (step.done) return step.value;
    yield step.value;
  }
}
