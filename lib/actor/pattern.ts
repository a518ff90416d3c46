/**
 * Patterns for `receive`, so that a clause reads as it does in Elixir:
 * `{:DOWN, ^ref, :process, _, reason}` is
 * `match({ type: "DOWN", ref, reason: _ })`, a type guard that narrows the
 * message. A pattern matches a value when:
 *
 * 1. it is {@linkcode _}: anything;
 * 2. it is a {@linkcode when} guard: the guard holds;
 * 3. it is a pid, reference or port: the very same one (Elixir's pin,
 *    `^ref`);
 * 4. it is a {@linkcode Tuple}: a tuple of the same size whose elements
 *    match, in order;
 * 5. it is an array: an array of the same length whose elements match;
 * 6. it is any other object: an object with each of the pattern's keys,
 *    whose values match (a map pattern: other keys are allowed);
 * 7. it is a string, number, boolean, `null` or `undefined`: that value
 *    (`===`).
 *
 * {@linkcode anyOf} joins patterns as the clauses of one `receive`; the
 * mailbox's order decides which message is taken, not the clauses' order.
 *
 * @example The DOWN of one monitor
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { _, match } from "./pattern.ts";
 * import { startRuntime } from "./runtime.ts";
 * await using rt = startRuntime();
 * const reason = await rt.run(async function* (self) {
 *   const pid = self.spawn(async function* (s) {
 *     s.exit("kaboom");
 *   });
 *   const ref = self.monitor(pid);
 *   const down = yield* self.receive(match({ type: "DOWN", ref, reason: _ }));
 *   return down.reason; // typed: the message was narrowed
 * });
 * strictEqual(reason, "kaboom");
 * ```
 *
 * @module
 */

import { Tuple } from "./exit_reason.ts";
import { Pid, Port, Ref } from "./pid.ts";

/** `_` in a pattern: matches anything. */
export const _: unique symbol = Symbol("_");

/** The key under which a `when(guard)` pattern keeps its guard. */
export const GUARD: unique symbol = Symbol("guard");

/** A guard in a pattern, made by {@linkcode when}. */
export interface Guard<T> {
  /** The test; the key marks the object as a guard, not a sub-pattern. */
  readonly [GUARD]: (value: unknown) => value is T;
}

/** A value that can stand in a pattern. */
export type Pattern =
  | typeof _
  | Guard<unknown>
  | Pid
  | Ref
  | Port
  | Tuple
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly Pattern[]
  | { readonly [key: string]: Pattern };

/** The type of what a pattern matches. */
export type Matched<P> = P extends typeof _ ? unknown
  : P extends Guard<infer T> ? T
  : P extends Pid | Ref | Port | Tuple ? P
  : P extends readonly unknown[] ? { readonly [K in keyof P]: Matched<P[K]> }
  : P extends object ? { readonly [K in keyof P]: Matched<P[K]> }
  : P;

/**
 * A guard inside a pattern: `match({ type: "EXIT", reason:
 * when(isCrash) })`, as `when` does in a clause.
 *
 * @param test the guard; a type predicate narrows the field
 * @returns the guard, to put in a pattern
 */
export function when<T>(test: (value: unknown) => value is T): Guard<T>;
/** A guard that does not narrow: any boolean test. */
export function when(test: (value: unknown) => boolean): Guard<unknown>;
export function when(test: (value: unknown) => boolean): Guard<unknown> {
  return { [GUARD]: test as (value: unknown) => value is unknown };
}

/**
 * A receive clause from a pattern (see the module's cases).
 *
 * @param pattern the pattern; literals keep their literal types
 * @returns a type guard for `self.receive`
 */
export function match<const P extends Pattern>(
  pattern: P,
): (msg: unknown) => msg is Matched<P> {
  return (msg): msg is Matched<P> => matches(pattern, msg);
}

/**
 * The clauses of one receive: a message matching any of them.
 *
 * @param clauses type guards, e.g. from {@linkcode match}
 * @returns a type guard for the union
 */
export function anyOf<T extends unknown[]>(
  ...clauses: { [K in keyof T]: (msg: unknown) => msg is T[K] }
): (msg: unknown) => msg is T[number] {
  return (msg): msg is T[number] => clauses.some((clause) => clause(msg));
}

function matches(pattern: unknown, value: unknown): boolean {
  if (pattern === _) return true;
  if (typeof pattern !== "object" || pattern === null) return pattern === value;
  if (GUARD in pattern) return (pattern as Guard<unknown>)[GUARD](value);
  if (pattern instanceof Pid || pattern instanceof Ref) {
    return pattern === value;
  }
  if (pattern instanceof Port) return pattern === value;
  if (pattern instanceof Tuple) {
    return value instanceof Tuple && all(pattern.items, value.items);
  }
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && all(pattern, value);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const fields = value as Record<string, unknown>;
  const shape = pattern as Record<string, unknown>;
  for (const key in shape) {
    if (!(key in fields) || !matches(shape[key], fields[key])) return false;
  }
  return true;
}

function all(patterns: readonly unknown[], values: readonly unknown[]) {
  if (patterns.length !== values.length) return false;
  for (let i = 0; i < patterns.length; i++) {
    if (!matches(patterns[i], values[i])) return false;
  }
  return true;
}
