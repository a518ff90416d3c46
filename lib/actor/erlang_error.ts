/**
 * Elixir's `ErlangError.normalize/2`: a raw error term raised by the
 * runtime (`:erlang.error(:badarith)`) becomes the exception Elixir
 * rescues and reports:
 * 1. `:badarith` → `ArithmeticError`, "bad argument in arithmetic expression";
 * 2. `:badarg` → `ArgumentError`, "argument error" (`{:badarg, x}`:
 *    "argument error: x");
 * 3. `{:badmatch, v}` → `MatchError`, "no match of right hand side value: v";
 * 4. `:function_clause` → `FunctionClauseError`, "no function clause
 *    matches" (servy knows no module and function to name);
 * 5. `{:case_clause, v}`, `{:try_clause, v}`, `{:with_clause, v}`,
 *    `:cond_clause`, `{:badmap, v}`, `{:badfun, v}`, `{:badkey, k}`,
 *    `{:badkey, k, map}`, `:system_limit`: their own exceptions;
 * 6. anything else, `:noproc` included → `ErlangError`, "Erlang error: :noproc".
 *
 * Only the process's exit reason keeps the raw term (`{:badarith, stack}`),
 * as on the BEAM.
 *
 * @module
 */

/** Prints a value; `atoms` says whether strings in it are atoms. */
export type Printer = (value: unknown, atoms: boolean) => string;

/** An exception as Elixir rescues it. */
export interface Normalized {
  /** The exception module: `ArithmeticError`. */
  readonly name: string;
  /** The struct's fields, printed: `["term: 3"]`. */
  readonly fields: readonly string[];
  /** `Exception.message/1`. */
  readonly message: string;
}

type Rule = (args: unknown[], show: Printer) => Normalized | undefined;

function fixed(name: string, message: string): Rule {
  return (args) =>
    args.length === 0
      ? { name, fields: [`message: ${JSON.stringify(message)}`], message }
      : undefined;
}

function term(name: string, prefix: string): Rule {
  return (args, show) =>
    args.length === 1
      ? {
        name,
        fields: [`term: ${show(args[0], false)}`],
        message: `${prefix}${show(args[0], false)}`,
      }
      : undefined;
}

const RULES: Readonly<Record<string, Rule>> = {
  badarith: fixed("ArithmeticError", "bad argument in arithmetic expression"),
  system_limit: fixed("SystemLimitError", "a system limit has been reached"),
  badarg: (args, show) => {
    if (args.length > 1) return undefined;
    const message = args.length === 0
      ? "argument error"
      : `argument error: ${show(args[0], true)}`;
    return {
      name: "ArgumentError",
      fields: [`message: ${JSON.stringify(message)}`],
      message,
    };
  },
  function_clause: (args) =>
    args.length === 0
      ? {
        name: "FunctionClauseError",
        fields: ["module", "function", "arity", "kind", "args", "clauses"]
          .map((f) => `${f}: nil`),
        message: "no function clause matches",
      }
      : undefined,
  cond_clause: (args) =>
    args.length === 0
      ? {
        name: "CondClauseError",
        fields: [],
        message: "no cond clause evaluated to a truthy value",
      }
      : undefined,
  badmatch: term("MatchError", "no match of right hand side value: "),
  case_clause: term("CaseClauseError", "no case clause matching: "),
  try_clause: term("TryClauseError", "no try clause matching: "),
  with_clause: term("WithClauseError", "no with clause matching: "),
  badmap: term("BadMapError", "expected a map, got: "),
  badfun: term("BadFunctionError", "expected a function, got: "),
  badkey: (args, show) => {
    if (args.length !== 1 && args.length !== 2) return undefined;
    const key = show(args[0], true);
    const map = args.length === 2 ? show(args[1], false) : "nil";
    return {
      name: "KeyError",
      fields: [`key: ${key}`, `term: ${map}`, "message: nil"],
      message: args.length === 2
        ? `key ${key} not found in: ${map}`
        : `key ${key} not found`,
    };
  },
};

/**
 * @param raw the raw term, as `ErlangError` carries it
 * @param tagged the term as `[tag, ...args]` when it is an atom or a tagged
 *   tuple, else undefined
 * @param show prints a value
 * @returns the exception Elixir makes of it
 */
export function normalize(
  raw: unknown,
  tagged: readonly [string, ...unknown[]] | undefined,
  show: Printer,
): Normalized {
  if (tagged !== undefined && Object.hasOwn(RULES, tagged[0])) {
    const found = RULES[tagged[0]](tagged.slice(1), show);
    if (found !== undefined) return found;
  }
  const original = show(raw, true);
  return {
    name: "ErlangError",
    fields: [`original: ${original}`, "reason: nil"],
    message: `Erlang error: ${original}`,
  };
}
