/**
 * How a GenServer stops (`gen_server:terminate/*`): it calls `terminate`
 * (which may block, see callback.ts), logs an abnormal exit as Elixir's
 * `GenServer ... terminating` report (`:normal`, `:shutdown` and
 * `{:shutdown, _}` are quiet: the reason, the last message with its caller
 * for a call, the state, whether the caller is alive), and exits.
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
import type { CallMessage, From, GenServerModule } from "./gen_server_types.ts";
import { formatException, inspect, inspectReason } from "./inspect.ts";
import { ALIVE, type Proc } from "./process.ts";

/** The server loop's own state, read by `terminate` and the report. */
export interface Loop<S> {
  state: S;
  timeout: number;
  cont: unknown;
  /** The message being handled, for the crash report. */
  last: unknown;
}

/** The rest of a stop whose `terminate` blocks; it never returns. */
export type Terminating = AsyncGenerator<unknown, never, unknown>;

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
  let r: unknown;
  try {
    r = module.terminate?.(reason, loop.state, self);
  } catch (e) {
    return exitWith(self, loop, reasonOf(self, e), caller);
  }
  if (isPending(r)) return terminating(self, loop, r, reason, caller);
  return exitWith(self, loop, reason, caller);
}

async function* terminating<S>(
  self: Proc,
  loop: Loop<S>,
  pending: Pending<unknown>,
  reason: ExitReason,
  caller?: From,
): Terminating {
  let why = reason;
  try {
    yield* wait(pending);
  } catch (e) {
    why = reasonOf(self, e);
  }
  return exitWith(self, loop, why, caller);
}

/** @returns the exit reason of a raise; rethrows it in a process already dead */
export function reasonOf(self: Proc, error: unknown): ExitReason {
  // Killed while the callback ran (an await, `Process.exit(self(), :kill)`):
  // nothing more runs, terminate included.
  if (self.reason !== ALIVE) throw error;
  return error instanceof ExitError ? error.reason : crash(error);
}

/** Logs an abnormal `reason` as Elixir does, and exits with it. */
function exitWith<S>(
  self: Proc,
  loop: Loop<S>,
  reason: ExitReason,
  caller?: From,
): never {
  if (!isQuiet(reason)) report(self, loop, reason, caller);
  throw new ExitError(reason);
}

function report<S>(
  self: Proc,
  loop: Loop<S>,
  reason: ExitReason,
  caller?: From,
): void {
  const lines = [`GenServer ${who(self)} terminating`];
  lines.push(
    isCrash(reason)
      ? formatException(reason.error)
      : `** (stop) ${inspectReason(reason)}`,
  );
  const last = typeof loop.last === "object" && loop.last !== null &&
      (loop.last as CallMessage).type === "$gen_call"
    ? (loop.last as CallMessage).request
    : loop.last;
  lines.push(
    caller === undefined
      ? `Last message: ${inspect(last)}`
      : `Last message (from ${caller.pid}): ${inspect(last)}`,
  );
  lines.push(`State: ${inspect(loop.state)}`);
  if (caller !== undefined) {
    lines.push(
      `Client ${caller.pid} is ${self.alive(caller.pid) ? "alive" : "dead"}`,
    );
  }
  self.rt.log("error", lines.join("\n"));
}

/** @returns the server as reports name it: its registered name, or its pid */
export function who(self: Proc): string {
  return self.name === undefined ? String(self.pid) : inspectReason(self.name);
}
