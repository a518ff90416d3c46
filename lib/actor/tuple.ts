/**
 * The plain terms the printers (inspect.ts, term.ts) know by type: a tuple
 * without an atom tag, and the mark of an `ErlangError` (exit_reason.ts),
 * kept here so that printing depends on no error class.
 *
 * @module
 */

/** A tuple without an atom tag, such as `{:worker, :nonode@nohost}`. */
export class Tuple<T extends readonly unknown[] = readonly unknown[]> {
  /** The elements, in order, typed as given: `new Tuple("wilma", 15)` is a `Tuple<[string, number]>`. */
  readonly items: T;
  /**
   * A tuple of `items`.
   *
   * @param items the elements, in order
   */
  constructor(...items: T) {
    this.items = items;
  }
}

/** Marks an `ErlangError`: a raw Erlang term raised as an exception. */
export const ERLANG_ERROR: unique symbol = Symbol("ErlangError");

/**
 * What the printers see of an `ErlangError`.
 *
 * @internal
 */
export interface RaisedTerm extends Error {
  readonly [ERLANG_ERROR]: true;
  /** The raw term, such as `"noproc"`. */
  readonly term: unknown;
}

/** @returns whether `x` is an `ErlangError` */
export function isErlangError(x: unknown): x is RaisedTerm {
  return typeof x === "object" && x !== null && ERLANG_ERROR in x;
}
