/**
 * Byte classes of RFC 9110/9112's ABNF, one bit each in {@linkcode CLASS},
 * so that a parser tests a byte with one table load: `CLASS[b] & TCHAR`.
 *
 * @module
 */

/** `tchar`: the bytes of a token (method, field name, chunk-ext name). */
export const TCHAR = 1;
/** `field-vchar` = VCHAR / obs-text: a field value's non-blank bytes. */
export const FIELD = 2;
/**
 * A request target's bytes: VCHAR except `#` (a fragment is no part of a
 * request-target). Wider than RFC 3986's pchar, as llhttp strict is:
 * browsers send `{`, `|`, `}` and the like unencoded in queries.
 */
export const TARGET = 4;
/** An authority's bytes: unreserved / pct-encoded / sub-delims / ":" / "@" / "[" / "]". */
export const AUTHORITY = 8;
/**
 * A URI scheme's bytes: ALPHA only, as llhttp strict has it (RFC 3986 also
 * allows DIGIT, "+", "-" and "." after the first; no HTTP scheme has them).
 */
export const SCHEME = 16;
/** `qdtext` of a quoted-string: HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text. */
export const QDTEXT = 32;
/** `obs-text`: %x80-FF. */
export const OBS = 64;

export const HTAB = 9;
export const LF = 10;
export const CR = 13;
export const SP = 32;

function build(): Uint8Array {
  const table = new Uint8Array(256);
  const add = (bit: number, chars: string) => {
    for (const c of chars) table[c.charCodeAt(0)] |= bit;
  };
  const alnum =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  add(TCHAR, alnum + "!#$%&'*+-.^_`|~");
  add(AUTHORITY, alnum + "-._~%!$&'()*+,;=:@[]");
  add(SCHEME, alnum.slice(10));
  for (let b = 0x21; b <= 0x7e; b++) {
    table[b] |= FIELD | QDTEXT | (b === 0x23 ? 0 : TARGET);
  }
  table[0x22] &= ~QDTEXT; // DQUOTE
  table[0x5c] &= ~QDTEXT; // backslash
  table[HTAB] |= QDTEXT;
  table[SP] |= QDTEXT;
  for (let b = 0x80; b <= 0xff; b++) table[b] |= FIELD | QDTEXT | OBS;
  return table;
}

/** The class bits of each byte. */
export const CLASS: Readonly<Uint8Array> = build();

/**
 * The value of a hex digit, -1 for any other byte.
 *
 * @param b the byte
 * @returns 0-15, or -1
 */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/**
 * Bytes as text, one character per byte (for error messages), cut at the
 * first CR or LF, at most 100 bytes.
 *
 * @param buf the bytes
 * @param from where the text starts
 * @param end where the bytes received so far end
 * @returns the text
 */
export function lineText(buf: Uint8Array, from: number, end: number): string {
  let text = "";
  for (let i = from; i < end && i < from + 100; i++) {
    if (buf[i] === CR || buf[i] === LF) break;
    text += String.fromCharCode(buf[i]);
  }
  return text;
}
