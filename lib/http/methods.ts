/**
 * The methods servy implements, as a table that the head parser walks one
 * byte at a time: it knows at the first byte that rules out every method
 * that the request cannot be implemented (as llhttp does), instead of
 * waiting for the whole token.
 *
 * @module
 */

/** The methods servy implements; any other token gets 501. */
export const METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);

const LIST = [...METHODS];
/** The length of the longest method. */
export const LONGEST_METHOD = Math.max(...LIST.map((m) => m.length));
/** Every method, as a set of bits (bit j: the j-th method). */
export const ALL_METHODS = (1 << LIST.length) - 1;
// PREFIX[i * 256 + b]: the methods whose i-th byte is b.
const PREFIX = new Uint32Array(LONGEST_METHOD * 256);
// ENDS[n]: the methods n bytes long.
const ENDS = new Uint32Array(LONGEST_METHOD + 1);
LIST.forEach((m, j) => {
  for (let i = 0; i < m.length; i++) {
    PREFIX[i * 256 + m.charCodeAt(i)] |= 1 << j;
  }
  ENDS[m.length] |= 1 << j;
});

/**
 * Narrows the candidates by the method's next byte.
 *
 * @param candidates the methods the bytes so far begin
 * @param i the byte's index in the method, below {@linkcode LONGEST_METHOD}
 * @param b the byte
 * @returns the methods that also have `b` at `i` (0: none)
 */
export function methodPrefix(candidates: number, i: number, b: number): number {
  return candidates & PREFIX[i * 256 + b];
}

/**
 * The method the bytes so far spell, once its SP has come.
 *
 * @param candidates the methods the bytes so far begin
 * @param length the method's length, at most {@linkcode LONGEST_METHOD}
 * @returns the method, or `""` when the bytes spell none
 */
export function methodEnding(candidates: number, length: number): string {
  const m = candidates & ENDS[length];
  return m === 0 ? "" : LIST[31 - Math.clz32(m)];
}
