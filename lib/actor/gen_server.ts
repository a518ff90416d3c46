/**
 * The GenServer client side, as functions of the calling process: what the
 * `GenServer` module's verbs (gen_server_verbs.ts, which also type them by
 * protocol) run for `yield* GenServer.start(...)`, `yield*
 * GenServer.call(...)`, `GenServer.cast(...)`, `yield* GenServer.stop(...)`.
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
 * @module
 */

import { ExitError, type ExitReason, isDown, Tuple } from "./exit_reason.ts";
import { replyTo, serve } from "./gen_server_loop.ts";
import type {
  AckMessage,
  GenServerModule,
  OnStart,
  StartOptions,
} from "./gen_server_types.ts";
import { demonitor, monitor } from "./monitor.ts";
import type { Pid, Ref } from "./pid.ts";
import { ALIVE, type Dest } from "./proc.ts";
import type { Process as Proc } from "./process.ts";
import { type Receive, Receive as ReceiveOp, TIMEOUT } from "./receive.ts";

/** `[:flush]`, made once. */
const FLUSH = { flush: true } as const;

/** The default call timeout, as in Elixir: 5 s. */
export const DEFAULT_TIMEOUT = 5000;

/**
 * `GenServer.start/3` and `start_link/3` from `self`: starts a server and
 * waits for its `init`.
 *
 * @returns the receive that gives `{ type: "ok", pid }`, `{ type: "error",
 *   reason }` or `"ignore"`
 */
export function start<A, S>(
  self: Proc,
  module: GenServerModule<A, S>,
  arg: A,
  options: StartOptions = {},
  link = false,
): Receive<OnStart> {
  return startProcess(
    self,
    (server, ack, parent) => serve(server, { module, arg, parent, ack }),
    options,
    link,
  );
}

/**
 * `GenServer.call/3` from `self`: sends `request` and waits for the reply.
 *
 * @returns the receive that gives the reply; exits the caller as the
 *   module doc says
 */
export function call<Res>(
  self: Proc,
  server: Dest,
  request: unknown,
  options?: { timeout?: number },
): Receive<Res> {
  const timeout = options?.timeout ?? DEFAULT_TIMEOUT;
  return ask<Res>(self, server, "$gen_call", request, timeout, callMfa);
}

/**
 * `:sys.get_state/2` from `self`: the server's state, as its loop has it
 * between two messages (a callback that blocks finishes first).
 *
 * @returns the receive that gives the state; exits the caller as a call does
 */
export function getState<S>(
  self: Proc,
  server: Dest,
  options?: { timeout?: number },
): Receive<S> {
  const timeout = options?.timeout ?? DEFAULT_TIMEOUT;
  const mfa = options?.timeout === undefined ? getStateMfa : getStateMfa2;
  return ask<S>(self, server, "system", "get_state", timeout, mfa);
}

/**
 * `GenServer.whereis/1` on `self`'s node.
 *
 * @returns the pid itself for a pid (alive or not), the registered pid for
 *   a name, or undefined (`nil`) for a free name
 */
export function whereis(self: Proc, server: Dest): Pid | undefined {
  return typeof server === "string" ? self.rt.registry.whereis(server) : server;
}

/** `GenServer.cast/2` from `self`: sends `msg` without waiting. @returns `"ok"` */
export function cast(self: Proc, server: Dest, msg: unknown): "ok" {
  self.checkAlive();
  resolve(self, server)?.deliver({ type: "$gen_cast", msg });
  return "ok";
}

/**
 * `GenServer.stop/2` from `self`: terminates the server with `reason` and
 * waits until it is dead.
 *
 * @returns the receive that gives `"ok"`; exits with `{:noproc, ...}` for a
 *   dead server
 */
export function stop(
  self: Proc,
  server: Dest,
  reason: ExitReason = "normal",
): Receive<"ok"> {
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

function resolve(self: Proc, server: Dest): Proc | undefined {
  return (typeof server === "string"
    ? self.rt.registry.lookup(server)
    : server.proc) as Proc | undefined;
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
