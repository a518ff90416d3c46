/**
 * Exit reasons and the messages that carry them. A process ending is a
 * value, not an exception: `"normal"`, `"kill"`, `"killed"`, `"noproc"`,
 * `"shutdown"`, `{ shutdown: x }`, any other value given to `exit/1`, or a
 * {@linkcode Crash} when the body raised. A one-key object `{ k: v }` in a
 * reason stands for the tagged pair `{:k, v}`.
 *
 * Atoms are strings here (`:kaboom` is `"kaboom"`), and an Elixir tuple is
 * an object tagged with its first atom (`{:EXIT, pid, :kaboom}` is
 * `{ type: "EXIT", from, reason }`) or, when it has no tag, a
 * {@linkcode Tuple}.
 *
 * @module
 */

import { erlangErrorMessage, inspectReason } from "./inspect.ts";
import type { Pid, Ref } from "./pid.ts";
import { ERLANG_ERROR, type RaisedTerm, Tuple } from "./tuple.ts";

export { Tuple };

/** Why a process exited. Any value can be a reason, as on the BEAM. */
export type ExitReason = unknown;

/**
 * The reason of a process whose body raised (`{exception, stacktrace}`): an
 * `Error`, an {@linkcode ErlangError} for errors raised by the runtime, or
 * any other thrown value (Elixir's `throw`, `{:nocatch, value}`).
 */
export interface Crash {
  /** What the body threw. */
  readonly error: unknown;
}

/** `{:EXIT, from, reason}`: an exit signal received by a trapping process. */
export interface Exit {
  /** The tag: `:EXIT`. */
  readonly type: "EXIT";
  /** The linked process (or port) the signal came from. */
  readonly from: Pid;
  /** Why it exited. */
  readonly reason: ExitReason;
}

/** `{:DOWN, ref, :process, pid, reason}`: a monitor fired. */
export interface Down {
  /** The tag: `:DOWN`. */
  readonly type: "DOWN";
  /** The ref `monitor` returned. */
  readonly ref: Ref;
  /** The pid, or `{name, node}` when the monitor was set on a name. */
  readonly pid: Pid | Tuple;
  /** Why it exited, or `:noproc` if it was not alive. */
  readonly reason: ExitReason;
}

/**
 * Thrown to make the calling process exit with `reason` (Elixir's `exit/1`,
 * and the exits of `GenServer.call`). Catchable, like `catch :exit, reason`;
 * uncaught, the scheduler turns it into the process's exit, not logged.
 */
export class ExitError extends Error {
  /**
   * The exit to throw.
   *
   * @param reason the exit reason
   */
  constructor(readonly reason: ExitReason) {
    super(`Process exited with ${inspectReason(reason)}`);
    this.name = "ExitError";
  }
}

/**
 * An error raised by the runtime, carrying the raw Erlang term (`:noproc`,
 * `:badarg`, `{:badmatch, v}` as `new Tuple("badmatch", v)`), as
 * `:erlang.error/1` does. The process's exit reason shows the raw term;
 * its message, `inspect` and reports show the exception Elixir normalizes
 * it to (`:badarith` is `%ArithmeticError{}`); see erlang_error.ts.
 */
export class ErlangError extends Error implements RaisedTerm {
  /** Marks it for the printers. */
  readonly [ERLANG_ERROR] = true as const;
  /**
   * Wraps the raw term.
   *
   * @param term the raw reason, such as `"noproc"`
   */
  constructor(readonly term: unknown) {
    super(erlangErrorMessage(term));
    this.name = "ErlangError";
  }
}

/**
 * Wraps a raised value as an exit reason.
 *
 * @param error what the body threw
 * @returns the `{exception, stacktrace}` reason
 */
export function crash(error: unknown): Crash {
  return { error };
}

/**
 * Tells a raise from other exit reasons.
 *
 * @param reason an exit reason
 * @returns whether it is a raise (`{exception, stacktrace}`)
 */
export function isCrash(reason: ExitReason): reason is Crash {
  return typeof reason === "object" && reason !== null && "error" in reason &&
    Object.keys(reason).length === 1;
}

/**
 * Tells the exits OTP's reports stay silent about.
 *
 * @param reason an exit reason
 * @returns whether it is `:normal`, `:shutdown` or `{:shutdown, _}`
 */
export function isQuiet(reason: ExitReason): boolean {
  return reason === "normal" || reason === "shutdown" ||
    (typeof reason === "object" && reason !== null && "shutdown" in reason &&
      Object.keys(reason).length === 1);
}

/**
 * A receive clause for trapped exits.
 *
 * @param msg any message
 * @returns whether it is an `{:EXIT, from, reason}` message
 */
export function isExit(msg: unknown): msg is Exit {
  return typeof msg === "object" && msg !== null &&
    (msg as Exit).type === "EXIT";
}

/**
 * A receive clause for monitors' DOWN messages.
 *
 * @param msg any message
 * @returns whether it is a `{:DOWN, ref, :process, pid, reason}` message
 */
export function isDown(msg: unknown): msg is Down {
  return typeof msg === "object" && msg !== null &&
    (msg as Down).type === "DOWN";
}

/** Raised where Elixir raises `ArgumentError` (a taken name, an unknown one). */
export class ArgumentError extends TypeError {
  /**
   * The error, named `ArgumentError`.
   *
   * @param message what Elixir's message would say
   */
  constructor(message: string) {
    super(message);
    this.name = "ArgumentError";
  }
}
