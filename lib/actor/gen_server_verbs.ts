/**
 * Elixir's `GenServer` module, called without a `self`: the calling process
 * is the one whose step runs (current.ts). The blocking verbs (`start`,
 * `startLink`, `call`, `getState`, `stop`) are used with `yield*` from any
 * body or callback; `cast`, `reply` and `whereis` answer at once. Each is
 * also given the calling process first (`GenServer.call(self, server,
 * request)`), which works everywhere, also in an `async function*` after an
 * `await`.
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

import { current, type Deferred, fromCaller } from "./current.ts";
import type { ExitReason } from "./exit_reason.ts";
import type {
  From,
  GenServerModule,
  OnStart,
  StartOptions,
} from "./gen_server_types.ts";
import * as Client from "./gen_server.ts";
import type { Pid } from "./pid.ts";
import { type Dest, isSelf, type Process, type Self } from "./process.ts";
import type { Receive } from "./receive.ts";
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

/**
 * `GenServer.start/3`: starts a server (registered under `options.name`
 * before its `init` runs) and waits for its `init`. Use it with `yield*`.
 *
 * @example {:ok, pid} = GenServer.start(Stack, [:hello], name: :stack)
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { GenServer, type GenServerModule, ok, Process, startRuntime } from "./mod.ts";
 * const Stack: GenServerModule<string[], string[]> = {
 *   name: "Stack",
 *   init: (items) => ok(items),
 * };
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const first = yield* GenServer.start(Stack, ["hello"], { name: "stack" });
 *   const again = yield* GenServer.start(Stack, [], { name: "stack" });
 *   const pid = Process.whereis("stack");
 *   return [first, again, yield* GenServer.getState(pid!)];
 * });
 * const pid = (got[0] as { pid: unknown }).pid;
 * deepStrictEqual(got, [
 *   { type: "ok", pid },
 *   { type: "error", reason: { already_started: pid } },
 *   ["hello"],
 * ]);
 * ```
 * @param module the callbacks
 * @param arg `init`'s argument
 * @param options `name`: registers the server
 * @returns the deferred start result: `{ type: "ok", pid }`, `{ type: "error", reason }` (`already_started` for a taken name) or `"ignore"`
 */
export function start<A, S, P extends Protocol = Protocol>(
  module: GenServerModule<A, S, P>,
  arg: A,
  options?: StartOptions,
): Deferred<OnStart<P>>;
/** `GenServer.start/3` from `self` (for an `async function*` after an `await`). */
export function start<A, S, P extends Protocol = Protocol>(
  self: Self,
  module: GenServerModule<A, S, P>,
  arg: A,
  options?: StartOptions,
): Receive<OnStart<P>>;
export function start(
  ...args: unknown[]
): Receive<OnStart> | Deferred<OnStart> {
  return fromCaller(args, (self, [module, arg, options]) =>
    Client.start(
      self as Process,
      module as GenServerModule<unknown, unknown>,
      arg,
      options as StartOptions,
    ));
}

/**
 * `GenServer.start_link/3`: as {@linkcode start}, linked to the caller: a
 * server that stops abnormally takes the caller down (or sends it an EXIT).
 *
 * @example A linked server's stop reaches a caller trapping exits
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { GenServer, type GenServerModule, isExit, ok, Process, startRuntime, stop } from "./mod.ts";
 * const Fragile: GenServerModule<undefined, null> = {
 *   name: "Fragile",
 *   init: () => ok(null),
 *   handleCast: (_msg, state) => stop("broken", state),
 * };
 * await using rt = startRuntime({ logger: () => {} });
 * const reason = await rt.run(function* () {
 *   Process.flag("trap_exit", true);
 *   const started = yield* GenServer.startLink(Fragile, undefined);
 *   if (started === "ignore" || started.type !== "ok") throw new Error("no start");
 *   GenServer.cast(started.pid, "break");
 *   return (yield* Process.receive(isExit)).reason;
 * });
 * strictEqual(reason, "broken");
 * ```
 * @param module the callbacks
 * @param arg `init`'s argument
 * @param options `name`: registers the server
 * @returns the deferred start result, as `start`'s
 */
export function startLink<A, S, P extends Protocol = Protocol>(
  module: GenServerModule<A, S, P>,
  arg: A,
  options?: StartOptions,
): Deferred<OnStart<P>>;
/** `GenServer.start_link/3` from `self`. */
export function startLink<A, S, P extends Protocol = Protocol>(
  self: Self,
  module: GenServerModule<A, S, P>,
  arg: A,
  options?: StartOptions,
): Receive<OnStart<P>>;
export function startLink(
  ...args: unknown[]
): Receive<OnStart> | Deferred<OnStart> {
  return fromCaller(args, (self, [module, arg, options]) =>
    Client.start(
      self as Process,
      module as GenServerModule<unknown, unknown>,
      arg,
      options as StartOptions,
      true,
    ));
}

/**
 * `GenServer.call/3` to a typed server ({@linkcode ServerRef}): the request
 * must be one of its protocol's calls, and the reply has that call's type.
 * Use it with `yield*`; it exits the caller on `:noproc`, on the server's
 * exit and on a timeout (default 5,000 ms), as Elixir's does.
 *
 * @example A typed call: the reply's type comes from the protocol
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import {
 *   type Call,
 *   GenServer,
 *   type ModuleOf,
 *   type Protocol,
 *   reply,
 *   serverRef,
 *   startRuntime,
 * } from "./mod.ts";
 * type Counter = Protocol & {
 *   calls: Call<{ type: "add"; n: number }, number>;
 *   state: number;
 * };
 * const Counter: ModuleOf<Counter, number> = {
 *   name: "Counter",
 *   init: (n) => ({ type: "ok", state: n }),
 *   handleCall: (request, _from, total) =>
 *     reply(total + request.n, total + request.n),
 * };
 * const counter = serverRef<Counter>("counter");
 * await using rt = startRuntime();
 * const total = await rt.run(function* () {
 *   yield* GenServer.start(Counter, 40, { name: "counter" });
 *   yield* GenServer.call(counter, { type: "add", n: 1 });
 *   const n: number = yield* GenServer.call(counter, { type: "add", n: 1 });
 *   return n;
 * });
 * strictEqual(total, 42);
 * ```
 * @param server a typed name or pid
 * @param request one of the protocol's calls
 * @param options `timeout` in ms (default 5,000)
 * @returns the deferred reply
 */
export function call<P extends Protocol, const Q extends CallOf<P>>(
  server: ServerRef<P>,
  request: Q,
  options?: { timeout?: number },
): Deferred<ReplyOf<P, Q>>;
/**
 * `GenServer.call/3` to an untyped server (a plain name or pid); the
 * caller names the reply's type.
 *
 * @example A call to a server that is not there exits the caller with :noproc
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { ExitError, GenServer, inspectReason, startRuntime } from "./mod.ts";
 * await using rt = startRuntime({ logger: () => {} });
 * const error = await rt.run(function* () {
 *   yield* GenServer.call("nobody", "ping");
 * }).catch((e) => e);
 * deepStrictEqual(
 *   error instanceof ExitError && inspectReason(error.reason),
 *   "{:noproc, {GenServer, :call, [:nobody, :ping, 5000]}}",
 * );
 * ```
 * @param server a name or pid
 * @param request any request
 * @param options `timeout` in ms (default 5,000)
 * @returns the deferred reply
 */
export function call<Req, Res = unknown>(
  server: PlainDest,
  request: Req,
  options?: { timeout?: number },
): Deferred<Res>;
/** `GenServer.call/3` from `self`, to a typed server. */
export function call<P extends Protocol, const Q extends CallOf<P>>(
  self: Self,
  server: ServerRef<P>,
  request: Q,
  options?: { timeout?: number },
): Receive<ReplyOf<P, Q>>;
/** `GenServer.call/3` from `self`, to an untyped server. */
export function call<Req, Res = unknown>(
  self: Self,
  server: PlainDest,
  request: Req,
  options?: { timeout?: number },
): Receive<Res>;
export function call(
  ...args: unknown[]
): Receive<unknown> | Deferred<unknown> {
  return fromCaller(
    args,
    (self, [server, request, options]) =>
      Client.call(
        self as Process,
        server as Dest,
        request,
        options as { timeout?: number },
      ),
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
/** `:sys.get_state/2` from `self`, of a typed server. */
export function getState<P extends Protocol>(
  self: Self,
  server: ServerRef<P>,
  options?: { timeout?: number },
): Receive<StateOf<P>>;
/** `:sys.get_state/2` from `self`, of an untyped server. */
export function getState<S = unknown>(
  self: Self,
  server: PlainDest,
  options?: { timeout?: number },
): Receive<S>;
export function getState(
  ...args: unknown[]
): Receive<unknown> | Deferred<unknown> {
  return fromCaller(args, (self, [server, options]) =>
    Client.getState(
      self as Process,
      server as Dest,
      options as { timeout?: number },
    ));
}

/**
 * `GenServer.stop/2`: terminates the server with `reason` (its `terminate`
 * runs) and waits until it is dead; a dead server exits the caller with
 * `:noproc`.
 *
 * @example GenServer.stop(pid) runs terminate, then the server is gone
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { GenServer, type GenServerModule, ok, Process, startRuntime } from "./mod.ts";
 * const said: string[] = [];
 * const Polite: GenServerModule<undefined, null> = {
 *   name: "Polite",
 *   init: () => ok(null),
 *   terminate: (reason) => said.push(`bye: ${reason}`),
 * };
 * await using rt = startRuntime();
 * const got = await rt.run(function* () {
 *   const started = yield* GenServer.start(Polite, undefined, { name: "polite" });
 *   const answer = yield* GenServer.stop("polite");
 *   return [started !== "ignore" && started.type, answer, Process.whereis("polite")];
 * });
 * deepStrictEqual(got, ["ok", "ok", undefined]);
 * deepStrictEqual(said, ["bye: normal"]);
 * ```
 * @param server a pid or a registered name
 * @param reason the stop reason (default `"normal"`)
 * @returns the deferred `"ok"`
 */
export function stop(server: Dest, reason?: ExitReason): Deferred<"ok">;
/** `GenServer.stop/2` from `self`. */
export function stop(
  self: Self,
  server: Dest,
  reason?: ExitReason,
): Receive<"ok">;
export function stop(...args: unknown[]): Receive<"ok"> | Deferred<"ok"> {
  return fromCaller(
    args,
    (self, [server, reason]) =>
      Client.stop(self as Process, server as Dest, reason as ExitReason),
  );
}

/**
 * `GenServer.cast/2` to a typed server: only its protocol's casts. It does
 * not wait: the server takes it in its turn, before a later call.
 *
 * @example Casts are handled in order, before a later call
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import {
 *   type Call,
 *   GenServer,
 *   type ModuleOf,
 *   noreply,
 *   type Protocol,
 *   reply,
 *   serverRef,
 *   startRuntime,
 * } from "./mod.ts";
 * type Log = Protocol & {
 *   calls: Call<{ type: "lines" }, string[]>;
 *   casts: { type: "write"; line: string };
 *   state: string[];
 * };
 * const Log: ModuleOf<Log> = {
 *   name: "Log",
 *   init: () => ({ type: "ok", state: [] }),
 *   handleCast: (msg, lines) => noreply([...lines, msg.line]),
 *   handleCall: (_request, _from, lines) => reply(lines, lines),
 * };
 * const log = serverRef<Log>("log");
 * await using rt = startRuntime();
 * const lines = await rt.run(function* () {
 *   yield* GenServer.start(Log, undefined, { name: "log" });
 *   GenServer.cast(log, { type: "write", line: "one" });
 *   GenServer.cast(log, { type: "write", line: "two" });
 *   return yield* GenServer.call(log, { type: "lines" });
 * });
 * deepStrictEqual(lines, ["one", "two"]);
 * ```
 * @param server a typed name or pid
 * @param msg one of the protocol's casts
 * @returns `"ok"`, always (also for a dead server)
 */
export function cast<P extends Protocol>(
  server: ServerRef<P>,
  msg: CastOf<P>,
): "ok";
/** `GenServer.cast/2` to an untyped server. @returns `"ok"` */
export function cast(server: PlainDest, msg: unknown): "ok";
/** `GenServer.cast/2` from `self`, to a typed server. */
export function cast<P extends Protocol>(
  self: Self,
  server: ServerRef<P>,
  msg: CastOf<P>,
): "ok";
/** `GenServer.cast/2` from `self`, to an untyped server. */
export function cast(self: Self, server: PlainDest, msg: unknown): "ok";
export function cast(...args: unknown[]): "ok" {
  const [self, server, msg] = isSelf(args[0])
    ? args
    : [current("GenServer.cast", "GenServer.cast(self, server, msg)"), ...args];
  return Client.cast(self as Process, server as Dest, msg);
}

/**
 * `GenServer.reply/2`: answers a call whose `handleCall` returned
 * `noreply`, from the server or from any process it handed `from` to.
 *
 * @example Replying later, from another process
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import {
 *   GenServer,
 *   type GenServerModule,
 *   noreply,
 *   ok,
 *   Process,
 *   startRuntime,
 * } from "./mod.ts";
 * const Slow: GenServerModule<undefined, null> = {
 *   name: "Slow",
 *   init: () => ok(null),
 *   handleCall: (request, from, state) => {
 *     Process.spawn(function* () {
 *       GenServer.reply(from, `done: ${request}`);
 *     });
 *     return noreply(state);
 *   },
 * };
 * await using rt = startRuntime();
 * const answer = await rt.run(function* () {
 *   yield* GenServer.start(Slow, undefined, { name: "slow" });
 *   return yield* GenServer.call<string, string>("slow", "job");
 * });
 * strictEqual(answer, "done: job");
 * ```
 * @param from the call's `from`, as `handleCall` got it
 * @param reply the reply
 * @returns `"ok"`
 */
export function reply(from: From, reply: unknown): "ok" {
  return replyTo(from, reply);
}

/** `GenServer.whereis/1`. @returns the pid, or undefined (`nil`) */
export function whereis(server: Dest): Pid | undefined;
/** `GenServer.whereis/1` from `self`. */
export function whereis(self: Self, server: Dest): Pid | undefined;
export function whereis(...args: unknown[]): Pid | undefined {
  const [self, server] = isSelf(args[0]) ? args : [
    current("GenServer.whereis", "GenServer.whereis(self, server)"),
    ...args,
  ];
  return Client.whereis(self as Process, server as Dest);
}
