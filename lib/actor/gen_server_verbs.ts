/**
 * Elixir's `GenServer` module, called without a `self`: the calling process
 * is the one whose step runs (current.ts). The blocking verbs (`start`,
 * `startLink`, `call`, `getState`, `stop`) are used with `yield*` from any
 * body or callback; `cast`, `reply` and `whereis` answer at once. Each is
 * the method of the same name on `self.GenServer`, which works everywhere.
 *
 * @example A client API as the course writes it
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { GenServer, type GenServerModule, reply, startRuntime } from "./mod.ts";
 * const Counter: GenServerModule<number, number> = {
 *   name: "Counter",
 *   init: (n) => ({ type: "ok", state: n }),
 *   handleCall: (_request, _from, n) => reply(n + 1, n + 1),
 * };
 * const bump = () => GenServer.call<"bump", number>("counter", "bump");
 * await using rt = startRuntime();
 * const n = await rt.run(function* () {
 *   yield* GenServer.start(Counter, 41, { name: "counter" });
 *   return yield* bump();
 * });
 * strictEqual(n, 42);
 * ```
 *
 * @module
 */

import { current, Deferred } from "./current.ts";
import type { ExitReason } from "./exit_reason.ts";
import type {
  From,
  GenServerModule,
  OnStart,
  StartOptions,
} from "./gen_server_types.ts";
import type { Pid } from "./pid.ts";
import type { Dest } from "./process.ts";
import type {
  CallOf,
  CastOf,
  PlainDest,
  Protocol,
  ReplyOf,
  ServerRef,
  StateOf,
} from "./protocol.ts";
import { replyTo } from "./gen_server_loop.ts";

/** `GenServer.start/3`. @returns the deferred start result */
export function start<A, S>(
  module: GenServerModule<A, S>,
  arg: A,
  options?: StartOptions,
): Deferred<OnStart> {
  return new Deferred((self) => self.GenServer.start(module, arg, options));
}

/** `GenServer.start_link/3`. @returns the deferred start result */
export function startLink<A, S>(
  module: GenServerModule<A, S>,
  arg: A,
  options?: StartOptions,
): Deferred<OnStart> {
  return new Deferred((self) => self.GenServer.startLink(module, arg, options));
}

/** `GenServer.call/3` to a typed server: the reply has the request's type. */
export function call<P extends Protocol, const Q extends CallOf<P>>(
  server: ServerRef<P>,
  request: Q,
  options?: { timeout?: number },
): Deferred<ReplyOf<P, Q>>;
/** `GenServer.call/3` to an untyped server; the caller names the reply. */
export function call<Req, Res = unknown>(
  server: PlainDest,
  request: Req,
  options?: { timeout?: number },
): Deferred<Res>;
export function call(
  server: Dest,
  request: unknown,
  options?: { timeout?: number },
): Deferred<unknown> {
  return new Deferred((self) =>
    self.GenServer.call<unknown, unknown>(server, request, options)
  );
}

/** `:sys.get_state/2` of a typed server. */
export function getState<P extends Protocol>(
  server: ServerRef<P>,
  options?: { timeout?: number },
): Deferred<StateOf<P>>;
/** `:sys.get_state/2` of an untyped server; the caller names the state. */
export function getState<S = unknown>(
  server: PlainDest,
  options?: { timeout?: number },
): Deferred<S>;
export function getState(
  server: Dest,
  options?: { timeout?: number },
): Deferred<unknown> {
  return new Deferred((self) => self.GenServer.getState(server, options));
}

/** `GenServer.stop/2`. @returns the deferred `"ok"` */
export function stop(
  server: Dest,
  reason: ExitReason = "normal",
): Deferred<"ok"> {
  return new Deferred((self) => self.GenServer.stop(server, reason));
}

/** `GenServer.cast/2` to a typed server: only its protocol's casts. */
export function cast<P extends Protocol>(
  server: ServerRef<P>,
  msg: CastOf<P>,
): "ok";
/** `GenServer.cast/2` to an untyped server. @returns `"ok"` */
export function cast(server: PlainDest, msg: unknown): "ok";
export function cast(server: Dest, msg: unknown): "ok" {
  return current("GenServer.cast").GenServer.cast(server as PlainDest, msg);
}

/** `GenServer.reply/2`: answers a deferred call. @returns `"ok"` */
export function reply(from: From, reply: unknown): "ok" {
  return replyTo(from, reply);
}

/** `GenServer.whereis/1`. @returns the pid, or undefined (`nil`) */
export function whereis(server: Dest): Pid | undefined {
  return current("GenServer.whereis").GenServer.whereis(server);
}
