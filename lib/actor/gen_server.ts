/**
 * The GenServer client API, bound to the calling process: what the
 * `GenServer` module's verbs (gen_server_verbs.ts) run, `yield*
 * GenServer.start(...)`, `yield* GenServer.call(...)`, `GenServer.cast(...)`,
 * `GenServer.reply(...)`, `yield* GenServer.stop(...)`, as in Elixir.
 *
 * `GenServer.call(server, request, { timeout })` exits the caller:
 * 1. with `{:noproc, {GenServer, :call, [server, request, timeout]}}` when the
 *    pid is dead or the name unregistered;
 * 2. with `{reason, {GenServer, :call, ...}}` when the server exits before
 *    replying (`:normal` included);
 * 3. with `{:timeout, {GenServer, :call, ...}}` when no reply came in time;
 *    the late reply is then discarded;
 * 4. with `{:calling_self, ...}` when a server calls itself (also from a
 *    callback that blocks: it must not wait on its own loop).
 *
 * `GenServer.getState(server)` is `:sys.get_state/1,2`: a system message the
 * server's loop answers with its state, in its turn like any message; it
 * exits the caller as a call does, with `{:sys, :get_state, [server]}` (or
 * `[server, timeout]` when a timeout is given) in place of the call's MFA.
 *
 * Typed servers (protocol.ts): to a `ServerRef<P>`, `call` takes only `P`'s
 * calls and gives the request's reply type, `cast` only `P`'s casts and
 * `getState` `P`'s state; a plain name or pid keeps the untyped forms. The
 * typing is compile-time only: the same code runs either way.
 *
 * @module
 */

import { ExitError, type ExitReason, isDown, Tuple } from "./exit_reason.ts";
import { replyTo, serve } from "./gen_server_loop.ts";
import type {
  AckMessage,
  From,
  GenServerModule,
  OnStart,
  StartOptions,
} from "./gen_server_types.ts";
import { demonitor, monitor } from "./monitor.ts";
import type { Pid, Ref } from "./pid.ts";
import { ALIVE, type Dest } from "./proc.ts";
import type { Process as Proc } from "./process.ts";
import type {
  CallOf,
  CastOf,
  PlainDest,
  Protocol,
  ReplyOf,
  ServerRef,
  StateOf,
} from "./protocol.ts";
import { type Receive, Receive as ReceiveOp, TIMEOUT } from "./receive.ts";

/** `[:flush]`, made once. */
const FLUSH = { flush: true } as const;

/** The default call timeout, as in Elixir: 5 s. */
export const DEFAULT_TIMEOUT = 5000;

/** The GenServer functions, called from `self`. */
export class GenServerApi {
  /**
   * The API bound to `self`, behind the `GenServer` module's verbs.
   *
   * @param self the calling process
   */
  constructor(/** @internal */ readonly self: Proc) {}

  /**
   * `GenServer.start/3`: starts a server, waits for its `init`.
   *
   * @returns `{ type: "ok", pid }`, `{ type: "error", reason }` or `"ignore"`
   */
  start<A, S>(
    module: GenServerModule<A, S>,
    arg: A,
    options: StartOptions = {},
  ): Receive<OnStart> {
    return start(this.self, module, arg, options, false);
  }

  /** `GenServer.start_link/3`: as {@linkcode start}, linked to the caller. */
  startLink<A, S>(
    module: GenServerModule<A, S>,
    arg: A,
    options: StartOptions = {},
  ): Receive<OnStart> {
    return start(this.self, module, arg, options, true);
  }

  /**
   * `GenServer.call/3`: sends `request` and waits for the reply. To a
   * {@linkcode ServerRef}, `request` must be one of its protocol's calls and
   * the reply has that call's type.
   *
   * @returns the reply; exits the caller as the module doc says
   */
  call<P extends Protocol, const Q extends CallOf<P>>(
    server: ServerRef<P>,
    request: Q,
    options?: { timeout?: number },
  ): Receive<ReplyOf<P, Q>>;
  /** `GenServer.call/3` to an untyped server; the caller names the reply. */
  call<Req, Res = unknown>(
    server: PlainDest,
    request: Req,
    options?: { timeout?: number },
  ): Receive<Res>;
  call(
    server: Dest,
    request: unknown,
    options: { timeout?: number } = {},
  ): Receive<unknown> {
    return call<unknown>(
      this.self,
      server,
      request,
      options.timeout ?? DEFAULT_TIMEOUT,
    );
  }

  /**
   * `:sys.get_state/2`: the server's state, as its loop has it between two
   * messages (a callback that blocks finishes first).
   *
   * @param server a pid or a registered name
   * @param options `timeout` in ms (default 5,000)
   * @returns the receive that gives the state; exits the caller as a call does
   */
  getState<P extends Protocol>(
    server: ServerRef<P>,
    options?: { timeout?: number },
  ): Receive<StateOf<P>>;
  /** `:sys.get_state/2` of an untyped server; the caller names the state. */
  getState<S = unknown>(
    server: PlainDest,
    options?: { timeout?: number },
  ): Receive<S>;
  getState(
    server: Dest,
    options: { timeout?: number } = {},
  ): Receive<unknown> {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const mfa = options.timeout === undefined ? getStateMfa : getStateMfa2;
    return ask(this.self, server, "system", "get_state", timeout, mfa);
  }

  /**
   * `GenServer.whereis/1`.
   *
   * @param server a pid or a registered name
   * @returns the pid itself for a pid (alive or not), the registered pid for
   * a name, or undefined (`nil`) for a free name
   */
  whereis(server: Dest): Pid | undefined {
    return typeof server === "string"
      ? this.self.rt.registry.whereis(server)
      : server;
  }

  /**
   * `GenServer.cast/2`: sends `msg` without waiting; to a
   * {@linkcode ServerRef}, only its protocol's casts.
   *
   * @returns `"ok"`, always
   */
  cast<P extends Protocol>(server: ServerRef<P>, msg: CastOf<P>): "ok";
  /** `GenServer.cast/2` to an untyped server. @returns `"ok"` */
  cast(server: PlainDest, msg: unknown): "ok";
  cast(server: Dest, msg: unknown): "ok" {
    this.self.checkAlive();
    const proc = resolve(this.self, server);
    proc?.deliver({ type: "$gen_cast", msg });
    return "ok";
  }

  /** `GenServer.reply/2`: answers a deferred call. @returns `"ok"` */
  reply(from: From, reply: unknown): "ok" {
    return replyTo(from, reply);
  }

  /**
   * `GenServer.stop/2`: terminates the server with `reason` and waits until
   * it is dead.
   *
   * @returns `"ok"`; exits with `{:noproc, ...}` for a dead server
   */
  stop(server: Dest, reason: ExitReason = "normal"): Receive<"ok"> {
    const self = this.self;
    self.checkAlive();
    const proc = resolve(self, server);
    const mfa = new Tuple("GenServer", "stop", [server, reason, "infinity"]);
    if (proc === undefined || proc.reason !== ALIVE) {
      throw new ExitError(new Tuple("noproc", mfa));
    }
    const ref = monitor(self, proc.pid);
    proc.deliver({
      type: "system",
      from: { pid: self.pid, tag: ref },
      request: { terminate: reason },
    });
    return new ReceiveOp(
      self,
      (m) => isDown(m) && m.ref === ref,
      Infinity,
      (m) => {
        const why = (m as { reason: ExitReason }).reason;
        if (why !== reason && !(reason === "normal" && why === "normal")) {
          throw new ExitError(new Tuple(why, mfa));
        }
        return "ok";
      },
    );
  }
}

function resolve(self: Proc, server: Dest): Proc | undefined {
  return (typeof server === "string"
    ? self.rt.registry.lookup(server)
    : server.proc) as Proc | undefined;
}

function start<A, S>(
  self: Proc,
  module: GenServerModule<A, S>,
  arg: A,
  options: StartOptions,
  link: boolean,
): Receive<OnStart> {
  return startProcess(
    self,
    (server, ack, parent) => serve(server, { module, arg, parent, ack }),
    options,
    link,
  );
}

/**
 * The body of a process started the `gen` way: it must call `ack` once
 * its init is done, with what `start` returns to the starter.
 */
export type StartedBody = (
  proc: Proc,
  ack: (result: OnStart) => void,
  parent: Pid | undefined,
) => AsyncGenerator<unknown, void, unknown> | Generator<unknown, void, unknown>;

/**
 * `gen:start/6`: spawns `body` (linked to the caller when `link`), names
 * it, and waits for its ack or its death. GenServer and Supervisor start
 * this way.
 *
 * @returns the receive that gives the start result
 */
export function startProcess(
  self: Proc,
  body: StartedBody,
  options: StartOptions,
  link: boolean,
): Receive<OnStart> {
  self.checkAlive();
  const ref: Ref = self.rt.makeRef();
  const name = options.name;
  const taken = name === undefined ? undefined : self.rt.registry.whereis(name);
  if (taken !== undefined) {
    // Checked in the caller, as gen.erl does: init never runs, no link is made.
    const result: OnStart = {
      type: "error",
      reason: { already_started: taken },
    };
    return new ReceiveOp(self, never, 0, () => result);
  }
  const parent = link ? self.pid : undefined;
  const starter = self;
  const ack = (result: OnStart) =>
    starter.deliver({ type: "ack", ref, result });
  const pid = self.rt.spawnFrom(
    (proc: Proc) => body(proc, ack, parent),
    link ? self : undefined,
    undefined,
    undefined,
    self,
  );
  if (name !== undefined) self.rt.registry.register(pid, name);
  const mon = monitor(self, pid);
  return new ReceiveOp(
    self,
    (m) => isAck(m, ref) || (isDown(m) && m.ref === mon),
    Infinity,
    (m) => {
      demonitor(self, mon, FLUSH);
      if (isAck(m, ref)) return m.result;
      return { type: "error", reason: (m as { reason: ExitReason }).reason };
    },
  );
}

function isAck(m: unknown, ref: Ref): m is AckMessage {
  return typeof m === "object" && m !== null &&
    (m as AckMessage).type === "ack" &&
    (m as AckMessage).ref === ref;
}

function never(_m: unknown): boolean {
  return false;
}

function call<Res>(
  self: Proc,
  server: Dest,
  request: unknown,
  timeout: number,
): Receive<Res> {
  return ask<Res>(self, server, "$gen_call", request, timeout, callMfa);
}

/** The `{module, function, args}` a failed call exits with; built only then. */
type Mfa = (server: Dest, request: unknown, timeout: number) => Tuple;

const callMfa: Mfa = (server, request, timeout) =>
  new Tuple("GenServer", "call", [server, request, timeout]);
const getStateMfa: Mfa = (server) => new Tuple("sys", "get_state", [server]);
const getStateMfa2: Mfa = (server, _request, timeout) =>
  new Tuple("sys", "get_state", [server, timeout]);

/**
 * `gen:call/4`: sends `{type, from, request}` and waits for the reply, the
 * server's DOWN or the timeout; `mfa` gives what goes into the caller's
 * exit reason.
 */
function ask<Res>(
  self: Proc,
  server: Dest,
  type: "$gen_call" | "system",
  request: unknown,
  timeout: number,
  mfa: Mfa,
): Receive<Res> {
  self.checkAlive();
  const proc = resolve(self, server);
  const fail = (why: unknown) =>
    new ExitError(new Tuple(why, mfa(server, request, timeout)));
  if (proc === undefined) throw fail("noproc");
  if (proc === self) throw fail("calling_self");
  const tag = monitor(self, proc.pid); // the monitor ref doubles as the tag, as in OTP
  self.alias = tag;
  // `{:"$gen_call", from, request}` or `{:system, from, request}`
  proc.deliver({ type, from: { pid: self.pid, tag }, request });
  return new ReceiveOp(self, (m) => isReplyOrDown(m, tag), timeout, (m) => {
    self.alias = undefined;
    demonitor(self, tag, FLUSH);
    if (m === TIMEOUT) throw fail("timeout");
    if (m instanceof Tuple) return m.items[1] as Res;
    throw fail((m as { reason: ExitReason }).reason);
  });
}

function isReplyOrDown(m: unknown, tag: Ref): boolean {
  return (m instanceof Tuple && m.items[0] === tag) ||
    (isDown(m) && m.ref === tag);
}

export type { Pid };
export { replyTo };
