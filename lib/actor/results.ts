/**
 * Constructors for the tagged results GenServer callbacks return, so a
 * callback reads like the Elixir it mirrors; the object forms stay valid.
 *
 * | Elixir                            | servy                          |
 * | --------------------------------- | ------------------------------ |
 * | `{:ok, state}`                    | `ok(state)`                    |
 * | `{:ok, state, {:continue, a}}`    | `ok(state, { continue: a })`   |
 * | `{:reply, r, state}`              | `reply(r, state)`              |
 * | `{:reply, r, state, 100}`         | `reply(r, state, { timeout: 100 })` |
 * | `{:noreply, state}`               | `noreply(state)`               |
 * | `{:stop, reason, state}`          | `stop(reason, state)`          |
 * | `{:stop, reason, r, state}`       | `stop(reason, state, { reply: r })` |
 *
 * @example A counter's callbacks
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { noreply, reply } from "./results.ts";
 * deepStrictEqual(reply(1, 1), { type: "reply", reply: 1, state: 1 });
 * deepStrictEqual(noreply(2, { timeout: 100 }), {
 *   type: "noreply",
 *   state: 2,
 *   timeout: 100,
 * });
 * ```
 *
 * @module
 */

import type { ExitReason } from "./exit_reason.ts";
import type { NoReply, Stop, Trailer } from "./gen_server_types.ts";

/** `{:reply, reply, state}`, with its trailers. */
export type Reply<S, R> = { type: "reply"; reply: R; state: S } & Trailer;

/** `{:ok, state}`, with its trailers. */
export type Ok<S> = { type: "ok"; state: S } & Trailer;

/**
 * `{:ok, state}` from `init`.
 *
 * @param state the initial state
 * @param trailer `timeout` or `continue`
 * @returns the result
 */
export function ok<S>(state: S, trailer?: Trailer): Ok<S> {
  return trailer === undefined
    ? { type: "ok", state }
    : { type: "ok", state, ...trailer };
}

/**
 * `{:reply, reply, state}` from `handleCall`.
 *
 * @param reply what the caller gets
 * @param state the new state
 * @param trailer `timeout` or `continue`
 * @returns the result
 */
export function reply<S, R>(
  reply: R,
  state: S,
  trailer?: Trailer,
): Reply<S, R> {
  return trailer === undefined
    ? { type: "reply", reply, state }
    : { type: "reply", reply, state, ...trailer };
}

/**
 * `{:noreply, state}` from any callback but `init`.
 *
 * @param state the new state
 * @param trailer `timeout` or `continue`
 * @returns the result
 */
export function noreply<S>(state: S, trailer?: Trailer): NoReply<S> {
  return trailer === undefined
    ? { type: "noreply", state }
    : { type: "noreply", state, ...trailer };
}

/**
 * `{:stop, reason, state}`, or with `reply` `{:stop, reason, reply,
 * state}` from `handleCall`.
 *
 * @param reason the exit reason
 * @param state the state `terminate` gets
 * @param options `reply`: what the caller gets first
 * @returns the result
 */
export function stop<S>(
  reason: ExitReason,
  state: S,
  options?: { reply: unknown },
): Stop<S> {
  return options === undefined
    ? { type: "stop", reason, state }
    : { type: "stop", reason, state, reply: options.reply };
}
