/**
 * How a GenServer stops (`gen_server:terminate/*`): it calls `terminate`
 * (which may block, see callback.ts), logs an abnormal exit as Elixir's
 * `GenServer ... terminating` report (`:normal`, `:shutdown` and
 * `{:shutdown, _}` are quiet: the reason, the last message with its caller
 * for a call, the state, whether the caller is alive), and exits.
 *
 * The report is the text Elixir 1.14's Logger prints (captured there):
 * - a raise prints as its exception and stack; a stop reason as
 *   `** (stop) ` and `Exception.format_exit/1` of it (`exited in:
 *   GenServer.call(...)\n    ** (EXIT) ...`), followed by the stack of the
 *   `exit/1` that raised it, if one did (a `{:stop, ...}` return has none);
 * - "Last message" prints an identifier-like bare string (a message in
 *   servy's convention is an atom: `:kaboom`, `:refresh`) as an atom, a cast
 *   as `{:"$gen_cast", message}`, anything else as `inspect/1` does;
 * - "State" prints as `inspect/1` does;
 * - a live caller ends the report with `Client ... is alive` and a newline
 *   (where Elixir prints the caller's stack, which servy does not know), so
 *   the console shows the blank line Elixir's does; a dead caller or none
 *   leaves none, as in Elixir.
 *
 * 1. `terminate` returns: the server exits with the reason.
 * 2. `terminate` raises or exits: the server exits with that reason instead.
 * 3. `terminate` blocks: the server exits once it has finished (1 or 2).
 * 4. The process was killed meanwhile: nothing more runs, no report.
 *
 * @module
 */

import { isPending, type Pending, wait } from "./callback.ts";
import {
  crash,
  ExitError,
  type ExitReason,
  isCrash,
  isQuiet,
} from "./exit_reason.ts";
import { atom, isAlias, isBareAtom } from "./atom.ts";
import type {
  CallMessage,
  CastMessage,
  From,
  GenServerModule,
} from "./gen_server_types.ts";
import {
  formatException,
  formatExit,
  frames,
  inspect,
  inspectReason,
} from "./inspect.ts";
import { ALIVE } from "./proc.ts";
import type { Process as Proc } from "./process.ts";

/** The server loop's own state, read by `terminate` and the report. */
export interface Loop<S> {
  state: S;
  timeout: number;
  cont: unknown;
  /** The message being handled, for the crash report. */
  last: unknown;
}

/** The rest of a stop whose `terminate` blocks; it never returns. */
export type Terminating = Generator<unknown, never, unknown>;

/**
 * Calls `terminate`, then logs an abnormal exit as Elixir does and exits:
 * at once for a plain `terminate`, else in the rest it returns.
 */
export function stop<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  reason: ExitReason,
  caller?: From,
): Terminating {
  const raised = exits.get(self);
  exits.delete(self);
  const stack = raised !== undefined && raised.reason === reason
    ? frames(raised)
    : [];
  let r: unknown;
  try {
    r = module.terminate?.(reason, loop.state, self);
  } catch (e) {
    return exitWith(self, loop, reasonOf(self, e), caller, stackOf(e));
  }
  if (isPending(r)) return terminating(self, loop, r, reason, caller, stack);
  return exitWith(self, loop, reason, caller, stack);
}

/**
 * The `exit/1` each process raised last out of a callback, kept by
 * {@linkcode reasonOf} so that the report of its stop shows its stack.
 */
const exits = new WeakMap<Proc, ExitError>();

/** @returns the frames of an `exit/1` raised out of `terminate` */
function stackOf(e: unknown): string[] {
  return e instanceof ExitError ? frames(e) : [];
}

function* terminating<S>(
  self: Proc,
  loop: Loop<S>,
  pending: Pending<unknown>,
  reason: ExitReason,
  caller: From | undefined,
  stack: string[],
): Terminating {
  let why = reason;
  try {
    yield* wait(self, pending);
  } catch (e) {
    why = reasonOf(self, e);
    stack = stackOf(e);
  }
  return exitWith(self, loop, why, caller, stack);
}

/** @returns the exit reason of a raise; rethrows it in a process already dead */
export function reasonOf(self: Proc, error: unknown): ExitReason {
  // Killed while the callback ran (an await, `Process.exit(self(), :kill)`):
  // nothing more runs, terminate included.
  if (self.reason !== ALIVE) throw error;
  if (!(error instanceof ExitError)) return crash(error);
  exits.set(self, error);
  return error.reason;
}

/** Logs an abnormal `reason` as Elixir does, and exits with it. */
function exitWith<S>(
  self: Proc,
  loop: Loop<S>,
  reason: ExitReason,
  caller: From | undefined,
  stack: string[],
): never {
  if (!isQuiet(reason)) {
    self.rt.log("error", report(self, loop, reason, caller, stack));
  }
  throw new ExitError(reason);
}

function report<S>(
  self: Proc,
  loop: Loop<S>,
  reason: ExitReason,
  caller: From | undefined,
  stack: string[],
): string {
  const lines = [`GenServer ${who(self)} terminating`];
  if (isCrash(reason)) lines.push(formatException(reason.error));
  else {
    lines.push(`** (stop) ${formatExit(reason)}`);
    for (const f of stack) lines.push(`    ${f}`);
  }
  const from = caller === undefined ? "" : ` (from ${caller.pid})`;
  lines.push(`Last message${from}: ${lastMessage(loop.last)}`);
  lines.push(`State: ${inspect(loop.state)}`);
  if (caller === undefined) return lines.join("\n");
  const alive = self.alive(caller.pid);
  lines.push(`Client ${caller.pid} is ${alive ? "alive\n" : "dead"}`);
  return lines.join("\n");
}

/**
 * "Last message" as Elixir prints it: a call's request, a cast as
 * `{:"$gen_cast", msg}`, an info as it came; a message that is an
 * identifier-like string is an atom (`:kaboom`, `GenServer`), any other
 * string stays a string (`"GET /bears"`).
 */
function lastMessage(last: unknown): string {
  const kind = typeof last === "object" && last !== null
    ? (last as { type?: unknown }).type
    : undefined;
  if (kind === "$gen_call") return message((last as CallMessage).request);
  if (kind === "$gen_cast") {
    return `{${atom("$gen_cast")}, ${message((last as CastMessage).msg)}}`;
  }
  return message(last);
}

function message(m: unknown): string {
  return typeof m === "string" && (isBareAtom(m) || isAlias(m))
    ? inspectReason(m)
    : inspect(m);
}

/** @returns the server as reports name it: its registered name, or its pid */
export function who(self: Proc): string {
  return self.name === undefined ? String(self.pid) : inspectReason(self.name);
}
