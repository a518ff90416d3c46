/**
 * Printing values in Elixir term syntax, as `IO.inspect/1` and Logger do:
 * `{:EXIT, #PID<0.201.0>, :kaboom}`, `%{name: "Teddy"}`, `[1, 2]`, `nil`.
 *
 * Atoms are strings in servy, so printing decides by position: a tuple's tag,
 * an exit reason (a field named `reason`, or a value printed with
 * {@linkcode inspectReason}) and everything inside it print identifier-like
 * strings as atoms (`:kaboom`) and dotted capitalised names as aliases
 * (`GenServer`); everywhere else strings are quoted, as Elixir strings are.
 *
 * A list whose elements all print as `{:atom, value}` is a keyword list
 * (`[trap_exit: true]`); an exception prints as its struct
 * (`%ArgumentError{message: "bad arg"}`), a raw error term as the exception
 * Elixir normalizes it to (erlang_error.ts). The printing itself is term.ts.
 *
 * @module
 */

import { atom } from "./atom.ts";
import { isErlangError, Tuple } from "./tuple.ts";
import { errorName, frames, isPlain, normalized, show } from "./term.ts";

export { frames };

/**
 * Prints a value in Elixir term syntax.
 *
 * @example Tagged objects print as tuples
 * ```ts
 * import { inspect } from "./inspect.ts";
 * import { strictEqual } from "node:assert/strict";
 * strictEqual(inspect({ type: "ok", name: "Teddy", tags: [1, 2] }), '{:ok, "Teddy", [1, 2]}');
 * strictEqual(inspect({ name: "Teddy", hibernating: true }), '%{name: "Teddy", hibernating: true}');
 * ```
 * @example A list of atom-tagged pairs is a keyword list
 * ```ts
 * import { inspect } from "./inspect.ts";
 * import { strictEqual } from "node:assert/strict";
 * strictEqual(inspect([{ type: "trap_exit", value: true }, { type: "message_queue_len", n: 2 }]), "[trap_exit: true, message_queue_len: 2]");
 * ```
 * @param value any value
 * @returns the text iex would show for it
 */
export function inspect(value: unknown): string {
  return show(value, false);
}

/**
 * Prints an exit reason: strings are atoms, one-key objects are pairs.
 *
 * @example
 * ```ts
 * import { inspectReason } from "./inspect.ts";
 * import { strictEqual } from "node:assert/strict";
 * strictEqual(inspectReason("kaboom"), ":kaboom");
 * strictEqual(inspectReason({ shutdown: "restart" }), "{:shutdown, :restart}");
 * ```
 * @param reason an exit reason
 * @returns the text iex would show for it
 */
export function inspectReason(reason: unknown): string {
  return show(reason, true);
}

/**
 * `Exception.message/1` of a raw error term, as Elixir normalizes it.
 *
 * @param term the raw term, such as `"badarith"`
 * @returns its message: `bad argument in arithmetic expression`
 */
export function erlangErrorMessage(term: unknown): string {
  return normalized(term).message;
}

/**
 * Formats a raised value the way Elixir's logger shows an exception:
 * `** (RuntimeError) boom` followed by the stack, one frame a line.
 *
 * @param error the thrown value
 * @returns the lines, joined with newlines
 */
export function formatException(error: unknown): string {
  let head: string;
  if (isErlangError(error)) {
    const n = normalized(error.term);
    head = `** (${n.name}) ${n.message}`;
  } else if (error instanceof Error) {
    head = `** (${errorName(error)}) ${error.message}`;
  } else {
    head = `** (ErlangError) Erlang error: {:nocatch, ${show(error, true)}}`;
  }
  const stack = error instanceof Error ? frames(error) : [];
  return [head, ...stack.map((f) => `    ${f}`)].join("\n");
}

const EXITS: Readonly<Record<string, string>> = {
  normal: "normal",
  shutdown: "shutdown",
  killed: "killed",
  calling_self: "process attempted to call itself",
  timeout: "time out",
  noconnection: "no connection",
  noproc:
    "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started",
};

/**
 * `Exception.format_exit/1`: an exit reason as Elixir's reports print it
 * after `** (exit) `.
 *
 * @example Reasons
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatExit } from "./inspect.ts";
 * strictEqual(formatExit("killed"), "killed");
 * strictEqual(formatExit("reached_max_restart_intensity"), ":reached_max_restart_intensity");
 * strictEqual(formatExit({ shutdown: "bye" }), "shutdown: :bye");
 * ```
 * @example The exit of a call names the call
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatExit } from "./inspect.ts";
 * import { Tuple } from "./exit_reason.ts";
 * strictEqual(
 *   formatExit(new Tuple("timeout", new Tuple("GenServer", "call", ["x", "y", 5000]))),
 *   "exited in: GenServer.call(:x, :y, 5000)\n    ** (EXIT) time out",
 * );
 * ```
 *
 * @param reason the exit reason
 * @returns its text
 */
export function formatExit(reason: unknown): string {
  return exitText(reason, "\n    ");
}

function exitText(reason: unknown, joiner: string): string {
  if (typeof reason === "string" && Object.hasOwn(EXITS, reason)) {
    return EXITS[reason];
  }
  if (reason instanceof Tuple && reason.items.length === 2) {
    const [why, mfa] = reason.items;
    const call = mfa instanceof Tuple ? callText(mfa.items) : undefined;
    if (call !== undefined) {
      return `exited in: ${call}${joiner}** (EXIT) ${
        exitText(why, `${joiner}    `)
      }`;
    }
  }
  if (isPlain(reason)) {
    const keys = Object.keys(reason);
    if (keys.length === 1 && keys[0] === "error") {
      const text = formatException(reason.error);
      return `an exception was raised:${joiner}${
        text.split("\n").join(joiner)
      }`;
    }
    if (keys.length === 1 && keys[0] === "shutdown") {
      return `shutdown: ${show(reason.shutdown, true)}`;
    }
  }
  return show(reason, true);
}

/** `GenServer.call(:x, :y, 5000)`: `Exception.format_mfa/3`, or undefined. */
function callText(items: readonly unknown[]): string | undefined {
  const [mod, fun, args] = items;
  if (
    items.length !== 3 || typeof mod !== "string" || typeof fun !== "string" ||
    !Array.isArray(args)
  ) return undefined;
  const name = atom(fun);
  return `${atom(mod)}.${name.startsWith(":") ? name.slice(1) : name}(${
    args.map((a) => show(a, true)).join(", ")
  })`;
}
