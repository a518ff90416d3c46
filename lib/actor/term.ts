/**
 * The printer behind `inspect/1` (inspect.ts): a value in Elixir term syntax,
 * `atoms` saying whether strings are atoms in it (inside an exit reason) or
 * strings. Tagged objects are tuples, lists of atom-keyed pairs are keyword
 * lists (`[trap_exit: true]`), errors are exception structs.
 *
 * @module
 */

import { atom, isAlias, keyText } from "./atom.ts";
import { normalize, type Normalized } from "./erlang_error.ts";
import { isErlangError, Tuple } from "./tuple.ts";
import { Pid, Port, Ref } from "./pid.ts";

/** A string map key printed `key: v` rather than `"key" => v`. */
const KEY = /^[\p{L}_][\p{L}\p{N}_@]*[?!]?$/u;

/** Fields of a tagged object whose strings are atoms: `{:status, :running}`. */
const ATOM_FIELDS = new Set(["reason", "status", "registered_name"]);

/**
 * @param v any value
 * @param atoms whether strings in it print as atoms
 * @returns the text iex shows for it
 */
export function show(v: unknown, atoms: boolean): string {
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
  if (Array.isArray(v)) return list(v, atoms);
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

/** `[1, 2]`, or `[a: 1, b: 2]` when every element is an atom-keyed pair. */
function list(v: readonly unknown[], atoms: boolean): string {
  const pairs: string[] = [];
  for (const x of v) {
    const kv = pair(x, atoms);
    if (kv === undefined) {
      return `[${v.map((y) => show(y, atoms)).join(", ")}]`;
    }
    pairs.push(`${keyText(kv[0])} ${kv[1]}`);
  }
  return `[${pairs.join(", ")}]`;
}

/**
 * @returns `[key, printed value]` when `x` prints as `{:key, value}` with
 * an atom (not an alias) first, as `Inspect.List.keyword?/1` asks
 */
function pair(x: unknown, atoms: boolean): [string, string] | undefined {
  let kv: [unknown, string] | undefined;
  if (x instanceof Tuple) {
    const [k, v] = x.items;
    const key = typeof k === "symbol" ? k.description : atoms ? k : undefined;
    if (x.items.length === 2) kv = [key, show(v, atoms)];
  } else if (isPlain(x)) {
    const keys = Object.keys(x);
    if (keys.length === 2 && keys[0] === "type" && x.type !== "DOWN") {
      kv = [x.type, show(x[keys[1]], atoms || ATOM_FIELDS.has(keys[1]))];
    } else if (
      atoms && keys.length === 1 && !["type", "error"].includes(keys[0])
    ) {
      kv = [keys[0], show(x[keys[0]], true)];
    }
  }
  if (kv === undefined || typeof kv[0] !== "string" || isAlias(kv[0])) {
    return undefined;
  }
  return [kv[0], kv[1]];
}

/** @returns whether `x` is an object literal (a tagged tuple, a pair, a map) */
export function isPlain(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function object(o: Record<string, unknown>, atoms: boolean): string {
  const keys = Object.keys(o);
  if (typeof o.type === "string" && keys[0] === "type") {
    const items: string[] = [atom(o.type)];
    for (const k of keys.slice(1)) {
      // {:DOWN, ref, :process, pid, reason}; {name, node} is two atoms
      if (o.type === "DOWN" && (k === "pid" || k === "port")) {
        items.push(k === "pid" ? ":process" : ":port");
        items.push(show(o[k], true));
      } else items.push(show(o[k], atoms || ATOM_FIELDS.has(k)));
    }
    return `{${items.join(", ")}}`;
  }
  if (keys.length === 1 && keys[0] === "error") return crashTerm(o.error);
  if (atoms && keys.length === 1) {
    return `{${atom(keys[0])}, ${show(o[keys[0]], true)}}`;
  }
  return `%{${fields(o, atoms).join(", ")}}`;
}

function fields(o: Record<string, unknown>, atoms: boolean): string[] {
  return Object.keys(o).map((k) =>
    KEY.test(k) && !isAlias(k)
      ? `${keyText(k)} ${show(o[k], atoms)}`
      : `${JSON.stringify(k)} => ${show(o[k], atoms)}`
  );
}

function tuple(items: readonly unknown[], atoms: boolean): string {
  return `{${items.map((x) => show(x, atoms)).join(", ")}}`;
}

/**
 * `{exception, stacktrace}`, or `{{:nocatch, value}, stacktrace}` for a
 * throw; a raw error term stays raw, as in a BEAM exit reason.
 */
function crashTerm(error: unknown): string {
  const stack = error instanceof Error ? frames(error) : [];
  const head = isErlangError(error)
    ? show(error.term, true)
    : error instanceof Error
    ? show(error, true)
    : `{:nocatch, ${show(error, true)}}`;
  return `{${head}, [${stack.map((f) => JSON.stringify(f)).join(", ")}]}`;
}

/** `%ArgumentError{message: "bad arg"}`: the struct, with the fields set. */
function exception(e: Error): string {
  if (isErlangError(e)) {
    const n = normalized(e.term);
    return `%${n.name}{${n.fields.join(", ")}}`;
  }
  const own: Record<string, unknown> = { message: e.message };
  for (const [k, v] of Object.entries(e)) {
    if (k !== "name" && k !== "message" && k !== "stack") own[k] = v;
  }
  return `%${errorName(e)}{${fields(own, false).join(", ")}}`;
}

/** @returns the exception module an error prints as: a plain `Error` is a `RuntimeError` */
export function errorName(e: Error): string {
  return e.constructor === Error ? "RuntimeError" : e.name;
}

/** @returns the exception Elixir makes of a raw error term */
export function normalized(term: unknown): Normalized {
  return normalize(term, tagged(term), show);
}

/** @returns `[tag, ...args]` for an atom or a tuple tagged with one */
function tagged(t: unknown): [string, ...unknown[]] | undefined {
  if (typeof t === "string") return [t];
  if (t instanceof Tuple) {
    const [tag, ...args] = t.items;
    return typeof tag === "string" ? [tag, ...args] : undefined;
  }
  if (!isPlain(t)) return undefined;
  const keys = Object.keys(t);
  if (typeof t.type === "string" && keys[0] === "type") {
    return [t.type, ...keys.slice(1).map((k) => t[k])];
  }
  return keys.length === 1 ? [keys[0], t[keys[0]]] : undefined;
}

/**
 * The project's root (`file:///…/`, the folder holding lib/), so frames
 * print as `lib/servy/routes.ts:55: route`, never with the machine's own
 * path. A bundle without `import.meta.url` (the Node build) has none.
 */
const ROOT: string | undefined = typeof import.meta.url === "string"
  ? new URL("../../", import.meta.url).href
  : undefined;

/**
 * The stack frames of an error, as `path:line: function`, the runtime's
 * frames left out and the project's paths relative to its root.
 *
 * @param e the error
 * @returns at most 8 frames
 */
export function frames(e: Error): string[] {
  const lines = (e.stack ?? "").split("\n").slice(1);
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\s*at (?:async )?(?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(line);
    if (!m) continue;
    const [, fn, file, lineNo] = m;
    if (
      file.startsWith("ext:") || file.startsWith("node:") ||
      file.includes("/lib/actor/")
    ) continue;
    const where = ROOT !== undefined && file.startsWith(ROOT)
      ? file.slice(ROOT.length)
      : file.replace(/^file:\/\//, "");
    out.push(`${where}:${lineNo}: ${fn ?? "(anonymous)"}`);
    if (out.length === 8) break;
  }
  return out;
}
