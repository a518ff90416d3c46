/**
 * The shapes of GenServer: the callbacks a module implements and the
 * tagged results they return, as in Elixir's `GenServer` behaviour.
 *
 * | Elixir                     | servy                                         |
 * | -------------------------- | --------------------------------------------- |
 * | `{:ok, state}`             | `{ type: "ok", state }`                       |
 * | `{:ok, state, 100}`        | `{ type: "ok", state, timeout: 100 }`         |
 * | `{:ok, state, {:continue, a}}` | `{ type: "ok", state, continue: a }`      |
 * | `{:reply, r, state}`       | `{ type: "reply", reply: r, state }`          |
 * | `{:noreply, state}`        | `{ type: "noreply", state }`                  |
 * | `{:stop, reason, state}`   | `{ type: "stop", reason, state }`             |
 * | `{:stop, reason, r, state}`| `{ type: "stop", reason, reply: r, state }`   |
 * | `:ignore`                  | `"ignore"`                                    |
 *
 * Every callback may also block: return a promise (`async`), or be a
 * generator function (`function*`, `async function*`) that `yield*`s to its
 * process's blocking operations and returns the result (see callback.ts).
 *
 * @module
 */

import type { Blocking } from "./callback.ts";
import type { ExitReason } from "./exit_reason.ts";
import type { Pid, Ref } from "./pid.ts";
import type { Self } from "./process.ts";
import type {
  CallOf,
  CastOf,
  InfoOf,
  PROTOCOL,
  Protocol,
  ReplyOf,
  ServerRef,
  StateOf,
} from "./protocol.ts";

/** `from` of `handle_call/3`: `{caller_pid, tag}`. */
export interface From {
  /** The caller. */
  readonly pid: Pid;
  /** The call's tag: its reply carries it. */
  readonly tag: Ref;
}

/** Optional trailers of a result: an idle timeout or a continue. */
export interface Trailer {
  /** Sends `"timeout"` to `handleInfo` if no message arrives within it (ms). */
  timeout?: number;
  /** Runs `handleContinue(continue, state)` before the next message. */
  continue?: unknown;
}

/** What `init` returns. */
export type InitResult<S> =
  | ({ type: "ok"; state: S } & Trailer)
  | { type: "stop"; reason: ExitReason }
  | "ignore";

/** `{:noreply, state}`, with its trailers. */
export type NoReply<S> = { type: "noreply"; state: S } & Trailer;

/** `{:stop, reason, state}`, or with `reply` `{:stop, reason, reply, state}`. */
export interface Stop<S> {
  /** The tag: `:stop`. */
  type: "stop";
  /** The server's exit reason. */
  reason: ExitReason;
  /** The state `terminate` gets. */
  state: S;
  /** The reply to the call being handled, if any. */
  reply?: unknown;
}

/** What `handleCall` returns; `R`: the replies its protocol allows. */
export type CallResult<S, R = unknown> =
  | ({ type: "reply"; reply: R; state: S } & Trailer)
  | NoReply<S>
  | Stop<S>;

/** What `handleCast`, `handleInfo` and `handleContinue` return. */
export type NoReplyResult<S> = NoReply<S> | Stop<S>;

/**
 * A GenServer module: its name for reports and its callbacks. With a
 * protocol `P` (see protocol.ts) it is a {@linkcode TypedModule}; without,
 * an {@linkcode UntypedModule}, whose callbacks take any message.
 */
export type GenServerModule<
  A = unknown,
  S = unknown,
  P extends Protocol = Protocol,
> = Protocol extends P ? UntypedModule<A, S> : TypedModule<A, S, P>;

/**
 * The module of protocol `P`, its state the protocol's, `A` its init
 * argument: `GenServerModule<A, StateOf<P>, P>`, saying the state once.
 */
export type ModuleOf<P extends Protocol, A = undefined> = GenServerModule<
  A,
  StateOf<P>,
  P
>;

/** A GenServer module with no protocol: its name and its callbacks. */
export interface UntypedModule<A = unknown, S = unknown> {
  /** The module name used in reports: `"Servy.KickStarter"`. */
  readonly name: string;
  /** `init/1`: runs in the new process; `start` waits for it. */
  init(arg: A, self: Self): Blocking<InitResult<S>>;
  /** `handle_call/3` */
  handleCall?(
    request: unknown,
    from: From,
    state: S,
    self: Self,
  ): Blocking<CallResult<S>>;
  /** `handle_cast/2` */
  handleCast?(msg: unknown, state: S, self: Self): Blocking<NoReplyResult<S>>;
  /** `handle_info/2`; without it, unexpected messages are logged and kept out. */
  handleInfo?(msg: unknown, state: S, self: Self): Blocking<NoReplyResult<S>>;
  /** `handle_continue/2` */
  handleContinue?(
    arg: unknown,
    state: S,
    self: Self,
  ): Blocking<NoReplyResult<S>>;
  /**
   * `terminate/2`: on a stop, a raise, `GenServer.stop`, or the parent's EXIT
   * when trapping; the server exits once it has returned (or, if it blocks,
   * finished).
   */
  terminate?(reason: ExitReason, state: S, self: Self): unknown;
}

/**
 * A GenServer module that speaks protocol `P`: `handleCall` gets `P`'s
 * calls (narrowed by `switch (request.type)`) and may reply only with one
 * of `P`'s reply types, `handleCast` gets `P`'s casts and `handleInfo` its
 * infos. It is still an {@linkcode UntypedModule} to the loop and to
 * `Supervisor.childSpec` (callbacks compare as methods do).
 */
export interface TypedModule<A, S, P extends Protocol>
  extends UntypedModule<A, S> {
  /** Carries the protocol's type (never set): `start` gives a typed pid. */
  readonly [PROTOCOL]?: P;
  /** `handle_call/3` */
  handleCall?(
    request: CallOf<P>,
    from: From,
    state: S,
    self: Self,
  ): Blocking<CallResult<S, ReplyOf<P>>>;
  /** `handle_cast/2` */
  handleCast?(msg: CastOf<P>, state: S, self: Self): Blocking<NoReplyResult<S>>;
  /** `handle_info/2`; without it, unexpected messages are logged and kept out. */
  handleInfo?(
    msg: InfoOf<P>,
    state: S,
    self: Self,
  ): Blocking<NoReplyResult<S>>;
}

/**
 * What `GenServer.start` returns; for a module with a protocol `P`, the pid
 * is a {@linkcode ServerRef} of it, so calls to it are typed.
 */
export type OnStart<P extends Protocol = Protocol> =
  | { type: "ok"; pid: PidOf<P> }
  | { type: "error"; reason: ExitReason }
  | "ignore";

/** A server's pid: typed with its protocol when it has one. */
export type PidOf<P extends Protocol> = Protocol extends P ? Pid
  : Pid & ServerRef<P>;

/** Options of `GenServer.start`. */
export interface StartOptions {
  /** Registers the server under this name before `init` runs. */
  name?: string;
}

/** `{:"$gen_call", from, request}` on the wire. */
export interface CallMessage {
  /** The tag: `:"$gen_call"`. */
  readonly type: "$gen_call";
  /** Who to reply to. */
  readonly from: From;
  /** The request. */
  readonly request: unknown;
}

/** `{:"$gen_cast", msg}` on the wire. */
export interface CastMessage {
  /** The tag: `:"$gen_cast"`. */
  readonly type: "$gen_cast";
  /** The cast message. */
  readonly msg: unknown;
}

/** The system message `GenServer.stop` sends: terminate with `reason`. */
export interface StopMessage {
  /** The tag: `:system`. */
  readonly type: "system";
  /** Who to answer once it is dead. */
  readonly from: From;
  /** `{:terminate, reason}`. */
  readonly request: { terminate: ExitReason };
}

/** The system message `GenServer.getState` sends: reply with the state. */
export interface GetStateMessage {
  /** The tag: `:system`. */
  readonly type: "system";
  /** Who to answer. */
  readonly from: From;
  /** `:get_state`. */
  readonly request: "get_state";
}

/** `{:system, from, request}`: what `sys` sends a server. */
export type SystemMessage = StopMessage | GetStateMessage;

/** `{:ack, ref, result}`: the server's answer to its starter after `init`. */
export interface AckMessage {
  /** The tag: `:ack`. */
  readonly type: "ack";
  /** The starter's ref. */
  readonly ref: Ref;
  /** What `start` returns to the starter. */
  readonly result: OnStart;
}
