/**
 * How an atom prints, as Elixir's `Macro.inspect_atom/2` decides: bare
 * (`:kaboom`, `:ok?`, `:a@b`, `:+`, `:café`), as an alias (`GenServer`),
 * without a colon (`nil`, `true`, `false`) or quoted (`:"my key"`,
 * `:"9a"`); and as a keyword list's key (`kaboom:`, `"my key":`).
 *
 * Atoms are strings in servy; an identifier-like capitalised dotted name
 * (`GenServer`, `Servy.Supervisor`) stands for an alias, `Elixir.GenServer`,
 * except names in capitals alone (`EXIT`, `DOWN`), which are plain atoms.
 *
 * @module
 */

/** Identifier atoms, Unicode letters included; `?`/`!` only at the end. */
const IDENT = /^[\p{L}_][\p{L}\p{N}_@]*[?!]?$/u;
const ALIAS = /^[A-Z][a-zA-Z0-9_]*(\.[A-Z][a-zA-Z0-9_]*)*$/;
const CAPS = /^[A-Z][A-Z0-9_]*$/;
const SPECIAL = new Set(["nil", "true", "false"]);

/** The operator atoms Elixir 1.14 prints unquoted (`:+`, `:|>`, `:when`). */
const OPERATORS = new Set([
  ..."+ - * / ++ -- +++ --- ** <> == != === !== < > <= >= && || !".split(" "),
  ..."|> <<< >>> ~>> <<~ ~> <~ <~> = =~ \\\\ @ & . .. ... ..// -> <-".split(
    " ",
  ),
  ..."| ^ <<>> %{} {} %".split(" "),
]);

/** @returns whether `s` prints as an alias (`GenServer`), not as an atom */
export function isAlias(s: string): boolean {
  return ALIAS.test(s) && !CAPS.test(s);
}

/** @returns whether `s` is an atom Elixir prints without quotes */
export function isBareAtom(s: string): boolean {
  return !isAlias(s) && (IDENT.test(s) || OPERATORS.has(s));
}

/**
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { atom } from "./atom.ts";
 * strictEqual(atom("kaboom"), ":kaboom");
 * strictEqual(atom("GenServer"), "GenServer");
 * strictEqual(atom("nil"), "nil");
 * strictEqual(atom("my key"), ':"my key"');
 * ```
 * @param s the atom's text
 * @returns the atom as `inspect/1` prints it
 */
export function atom(s: string): string {
  if (isAlias(s) || SPECIAL.has(s)) return s;
  return isBareAtom(s) ? `:${s}` : `:${JSON.stringify(s)}`;
}

/** @returns the atom as a keyword list's key: `trap_exit:`, `"my key":` */
export function keyText(s: string): string {
  return isBareAtom(s) ? `${s}:` : `${JSON.stringify(s)}:`;
}
