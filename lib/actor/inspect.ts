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
 * @module
 */

import { ErlangError, Tuple } from "./exit_reason.ts";
import { Pid, Port, Ref } from "./pid.ts";

const ATOM = /^([a-z_][a-zA-Z0-9_@]*[?!]?|[A-Z][A-Z0-9_]*)$/;
const ALIAS = /^[A-Z][a-zA-Z0-9_]*(\.[A-Z][a-zA-Z0-9_]*)*$/;

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

function show(v: unknown, atoms: boolean): string {
  switch (typeof v) {
    case "undefined":
      return "nil";
    case "string":
      return atoms ? atom(v) : JSON.stringify(v);
    case "number":
    case "boolean":
    case "bigint":
      return String(v);
    case "symbol":
      return atom(v.description ?? "nil");
    case "function":
      return `#Function<${v.name || "anonymous"}>`;
  }
  if (v === null) return "nil";
  if (v instanceof Pid || v instanceof Ref || v instanceof Port) {
    return v.toString();
  }
  if (Array.isArray(v)) return `[${v.map((x) => show(x, atoms)).join(", ")}]`;
  if (v instanceof Tuple) return tuple(v.items, atoms);
  if (v instanceof Error) return exception(v);
  if (v instanceof Map) {
    const pairs = [...v].map(([k, x]) =>
      `${show(k, atoms)} => ${show(x, atoms)}`
    );
    return `%{${pairs.join(", ")}}`;
  }
  if (v instanceof Uint8Array) return `<<${v.join(", ")}>>`;
  return object(v as Record<string, unknown>, atoms);
}

function object(o: Record<string, unknown>, atoms: boolean): string {
  const keys = Object.keys(o);
  if (typeof o.type === "string" && keys[0] === "type") {
    const items: string[] = [atom(o.type)];
    if (o.type === "DOWN") items.push(":process"); // {:DOWN, ref, :process, pid, reason}
    for (const k of keys.slice(1)) {
      items.push(show(o[k], atoms || k === "reason"));
    }
    return `{${items.join(", ")}}`;
  }
  if (keys.length === 1 && keys[0] === "error") return crashTerm(o.error);
  if (atoms && keys.length === 1) {
    return `{${atom(keys[0])}, ${show(o[keys[0]], true)}}`;
  }
  const pairs = keys.map((k) =>
    ATOM.test(k)
      ? `${k}: ${show(o[k], atoms)}`
      : `${JSON.stringify(k)} => ${show(o[k], atoms)}`
  );
  return `%{${pairs.join(", ")}}`;
}

function tuple(items: readonly unknown[], atoms: boolean): string {
  return `{${items.map((x) => show(x, atoms)).join(", ")}}`;
}

/** `{exception, stacktrace}`, or `{{:nocatch, value}, stacktrace}` for a throw. */
function crashTerm(error: unknown): string {
  const stack = error instanceof Error ? frames(error) : [];
  const head = error instanceof Error
    ? show(error, true)
    : `{:nocatch, ${show(error, true)}}`;
  return `{${head}, [${stack.map((f) => JSON.stringify(f)).join(", ")}]}`;
}

function exception(e: Error): string {
  if (e instanceof ErlangError) return show(e.term, true);
  const name = e.constructor === Error ? "RuntimeError" : e.name;
  const fields = { message: e.message, ...ownFields(e) };
  return `%${name}${show(fields, false).slice(1)}`;
}

function ownFields(e: Error): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(e)) {
    if (k !== "message" && k !== "stack") {
      out[k] = (e as unknown as Record<string, unknown>)[k];
    }
  }
  return out;
}

function atom(s: string): string {
  if (ATOM.test(s)) return `:${s}`;
  if (ALIAS.test(s)) return s;
  return `:${JSON.stringify(s)}`;
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
  if (error instanceof ErlangError) {
    head = `** (ErlangError) Erlang error: ${show(error.term, true)}`;
  } else if (error instanceof Error) {
    const name = error.constructor === Error ? "RuntimeError" : error.name;
    head = `** (${name}) ${error.message}`;
  } else {
    head = `** (ErlangError) Erlang error: {:nocatch, ${show(error, true)}}`;
  }
  const stack = error instanceof Error ? frames(error) : [];
  return [head, ...stack.map((f) => `    ${f}`)].join("\n");
}

/** The stack frames of an error, as `path:line: function`, runtime frames left out. */
export function frames(e: Error): string[] {
  const lines = (e.stack ?? "").split("\n").slice(1);
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(line);
    if (!m) continue;
    const [, fn, file, lineNo] = m;
    if (
      file.startsWith("ext:") || file.startsWith("node:") ||
      file.includes("/lib/actor/")
    ) continue;
    out.push(
      `${file.replace(/^file:\/\//, "")}:${lineNo}: ${fn ?? "(anonymous)"}`,
    );
    if (out.length === 8) break;
  }
  return out;
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
 *
 * @param reason the exit reason
 * @returns its text
 */
export function formatExit(reason: unknown): string {
  if (typeof reason === "string" && Object.hasOwn(EXITS, reason)) {
    return EXITS[reason];
  }
  if (typeof reason === "object" && reason !== null) {
    const keys = Object.keys(reason);
    if (keys.length === 1 && keys[0] === "error") {
      const text = formatException((reason as { error: unknown }).error);
      return `an exception was raised:\n${
        text.split("\n").map((l) => `    ${l}`).join("\n")
      }`;
    }
    if (keys.length === 1 && keys[0] === "shutdown") {
      return `shutdown: ${
        show((reason as { shutdown: unknown }).shutdown, true)
      }`;
    }
  }
  return show(reason, true);
}
