/**
 * `handle_call/3` written as one clause per request tag, as Elixir writes
 * one `def handle_call({:tag, ...}, from, state)` per request: each clause
 * gets its request narrowed and must reply with that call's reply type
 * (a `switch` in one `handleCall` can only check the union of replies).
 *
 * | Elixir                                                | servy                                             |
 * | ----------------------------------------------------- | ------------------------------------------------- |
 * | `def handle_call(:size, _from, s), do: {:reply, length(s), s}` | `size: (_r, _from, s) => reply(s.length, s)` |
 * | no clause matches: `FunctionClauseError`              | the same, raised in the server                    |
 *
 * @example A stack's calls
 * ```ts
 * import type { Call, GenServerModule } from "./mod.ts";
 * import { handleCalls } from "./call_handlers.ts";
 * import { ok, reply } from "./results.ts";
 * type StackProtocol = {
 *   calls: Call<{ type: "pop" }, string> | Call<{ type: "size" }, number>;
 *   state: string[];
 * };
 * export const Stack: GenServerModule<string[], string[], StackProtocol> = {
 *   name: "Stack",
 *   init: (elements) => ok(elements),
 *   handleCall: handleCalls<StackProtocol>({
 *     pop: (_request, _from, [head, ...tail]) => reply(head, tail),
 *     size: (_request, _from, state) => reply(state.length, state),
 *   }),
 * };
 * ```
 *
 * @module
 */

import type { Blocking } from "./callback.ts";
import type { CallResult, From } from "./gen_server_types.ts";
import type { Self } from "./process.ts";
import type { CallOf, Protocol, ReplyOf, StateOf } from "./protocol.ts";
import { FunctionClauseError } from "./registry.ts";

/** One handler per call of `P`, keyed by its `type`. */
export type CallHandlers<P extends Protocol, S = StateOf<P>> = {
  [C in CallOf<P> & { type: string } as C["type"]]: (
    request: C,
    from: From,
    state: S,
    self: Self,
  ) => Blocking<CallResult<S, ReplyOf<P, C>>>;
};

type AnyHandler<S> = (
  request: unknown,
  from: From,
  state: S,
  self: Self,
) => Blocking<CallResult<S, unknown>>;

/**
 * `handleCall` from one handler per request tag.
 *
 * @param handlers tag → handler, each replying with its call's type
 * @returns the `handleCall` that runs the request's handler; a request
 *   with no handler raises `FunctionClauseError`, as in Elixir
 */
export function handleCalls<P extends Protocol, S = StateOf<P>>(
  handlers: CallHandlers<P, S>,
): (
  request: CallOf<P>,
  from: From,
  state: S,
  self: Self,
) => Blocking<CallResult<S, ReplyOf<P>>> {
  const table = handlers as Record<string, AnyHandler<S> | undefined>;
  return (request, from, state, self) => {
    const tag = (request as { type?: unknown }).type;
    const handler = typeof tag === "string" && Object.hasOwn(table, tag)
      ? table[tag]
      : undefined;
    if (handler === undefined) {
      throw new FunctionClauseError(
        "no function clause matching in handle_call/3",
      );
    }
    return handler(request, from, state, self) as Blocking<
      CallResult<S, ReplyOf<P>>
    >;
  };
}
