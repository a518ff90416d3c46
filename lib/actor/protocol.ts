/**
 * Typed GenServer protocols, at the type level only: a server declares once
 * the calls it answers (each with its reply type), the casts and infos it
 * takes and its state; a {@linkcode ServerRef} (a registered name or a pid
 * carrying that protocol) then makes `GenServer.call(ref, request)` give
 * the request's reply type and `GenServer.cast(ref, msg)` accept only the
 * protocol's casts, with no type arguments or casts at the call site.
 *
 * | Elixir                                   | servy                                        |
 * | ---------------------------------------- | -------------------------------------------- |
 * | `def handle_call({:create_pledge, n, a}, ...)` returns `{:reply, id, s}` | `Call<{ type: "create_pledge"; name: string; amount: number }, string>` |
 * | `def handle_cast(:clear, state)`         | `casts: { type: "clear" }`                   |
 * | `@name :pledge_server`                   | `serverRef<Pledges>("pledge_server")`        |
 *
 * Nothing here exists at run time: a `ServerRef` is the name or pid itself.
 *
 * @example A counter's protocol
 * ```ts
 * import type { Call, Protocol, ReplyOf } from "./protocol.ts";
 * type Counter = Protocol & {
 *   calls: Call<{ type: "get" }, number>;
 *   casts: { type: "bump" };
 *   state: number;
 * };
 * const n: ReplyOf<Counter, { type: "get" }> = 1;
 * ```
 *
 * @module
 */

import type { Pid } from "./pid.ts";

/**
 * The phantom key that carries a call's reply type: a type only, no value
 * has it.
 */
export const REPLY: unique symbol = Symbol("reply");
/**
 * The phantom key that carries a server reference's protocol: a type only,
 * no value has it.
 */
export const PROTOCOL: unique symbol = Symbol("protocol");

/**
 * A call request `Req` whose reply is `Reply`: `Req` itself at run time,
 * since the reply key is optional and never set.
 */
export type Call<Req extends { type: string }, Reply> = Req & {
  readonly [REPLY]?: Reply;
};

/**
 * What a server declares: `calls` (a union of {@linkcode Call}s), `casts`
 * and `infos` (unions of messages) and `state`. A typed protocol lacking
 * `calls` or `casts` takes none; lacking `infos`, any message. `Protocol`
 * itself is the untyped one (a module declared without a protocol): any
 * request, cast and info, any reply.
 */
export interface Protocol {
  /** The calls: a union of {@linkcode Call}s. */
  calls?: unknown;
  /** The casts: a union of messages. */
  casts?: unknown;
  /** The other messages `handleInfo` takes. */
  infos?: unknown;
  /** The server's state. */
  state?: unknown;
}

/** The call requests of `P`, as the server's `handleCall` sees them. */
export type CallOf<P> = P extends { calls: infer C } ? C : Untyped<P, never>;

/** The casts of `P`, as `handleCast` sees them. */
export type CastOf<P> = P extends { casts: infer C } ? C : Untyped<P, never>;

/**
 * `unknown` for the untyped protocol, else `Else`.
 *
 * @internal
 */
type Untyped<P, Else> = Protocol extends P ? unknown : Else;

/** The infos of `P`, as `handleInfo` sees them (any message if undeclared). */
export type InfoOf<P> = P extends { infos: infer I } ? I : unknown;

/** The state of `P`, as `GenServer.getState` gives it. */
export type StateOf<P> = P extends { state: infer S } ? S : unknown;

/**
 * The reply to request `Q` of protocol `P` (all its replies by default):
 * the reply type of every call of `P` that `Q` is.
 */
export type ReplyOf<P, Q = CallOf<P>> = unknown extends CallOf<P> ? unknown
  : Q extends unknown ? ReplyIn<CallOf<P>, Q>
  : never;

/**
 * The reply type of the calls `C` that request `Q` is.
 *
 * @internal
 */
type ReplyIn<C, Q> = C extends { readonly [REPLY]?: infer R } ? Q extends C ? R
  : never
  : never;

/**
 * A registered name or a pid that speaks protocol `P`: the name or pid
 * itself at run time.
 */
export type ServerRef<P extends Protocol> = (string | Pid) & {
  readonly [PROTOCOL]: P;
};

/** A name or pid with no protocol attached: the untyped API takes it. */
export type PlainDest = (string | Pid) & { readonly [PROTOCOL]?: undefined };

/**
 * `@name :pledge_server`, typed: the server reference of protocol `P`.
 *
 * @param dest a registered name or a pid
 * @returns `dest` itself, typed with `P`
 */
export function serverRef<P extends Protocol>(
  dest: string | Pid,
): ServerRef<P> {
  return dest as ServerRef<P>;
}
