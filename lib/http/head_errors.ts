/**
 * What the head parser throws, with the line or value quoted as far as it
 * has been received (so a request sent in one piece shows its whole line),
 * and the fields it treats apart.
 *
 * @module
 */

import { CLASS, lineText, TCHAR } from "./chars.ts";
import { HttpError } from "./http_error.ts";

/** A field the parser checks as it arrives. */
export const HOST = 1, LENGTH = 2, TRANSFER = 3;

function named(buf: Uint8Array, from: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    // | 0x20 folds ASCII letters only: the name is a token, and no other
    // token byte folds onto a letter.
    if ((buf[from + i] | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Which field a name is, by its bytes, case-insensitively.
 *
 * @param buf the bytes
 * @param from where the name starts
 * @param end where it ends (its colon)
 * @returns HOST, LENGTH, TRANSFER or 0
 */
export function fieldKind(buf: Uint8Array, from: number, end: number): number {
  const n = end - from;
  if (n === 4) return named(buf, from, "host") ? HOST : 0;
  if (n === 14) return named(buf, from, "content-length") ? LENGTH : 0;
  if (n === 17) return named(buf, from, "transfer-encoding") ? TRANSFER : 0;
  return 0;
}

function quoted(buf: Uint8Array, from: number, end: number, reason?: string) {
  const text = JSON.stringify(lineText(buf, from, end));
  return reason === undefined ? text : `${text}: ${reason}`;
}

/** A request line out of the grammar → 400. */
export function badLine(
  buf: Uint8Array,
  from: number,
  end: number,
  reason?: string,
): HttpError {
  return new HttpError(
    400,
    `Cannot parse request line ${quoted(buf, from, end, reason)}`,
  );
}

/** A field line out of the grammar → 400. */
export function badField(
  buf: Uint8Array,
  from: number,
  end: number,
  reason?: string,
): HttpError {
  return new HttpError(
    400,
    `Cannot parse header line ${quoted(buf, from, end, reason)}`,
  );
}

/** A method token no implemented method begins with → 501. */
export function notImplemented(
  buf: Uint8Array,
  from: number,
  end: number,
): HttpError {
  let to = from;
  while (to < end && to < from + 100 && (CLASS[buf[to]] & TCHAR) !== 0) to++;
  const method = lineText(buf, from, to);
  return new HttpError(501, `Method ${method} is not implemented`);
}

/** A `Content-Length` that is not 1*DIGIT → 400. */
export function badLength(buf: Uint8Array, from: number, end: number) {
  return new HttpError(
    400,
    `Invalid Content-Length ${quoted(buf, from, end)}`,
  );
}

/** A `Content-Length` over the limit → 413. */
export function bodyTooLarge(
  buf: Uint8Array,
  from: number,
  end: number,
  limit: number,
): HttpError {
  let to = from;
  while (to < end && to < from + 40 && buf[to] >= 0x30 && buf[to] <= 0x39) to++;
  const digits = lineText(buf, from, to).replace(/^0+(?=\d)/, "");
  return new HttpError(
    413,
    `The body is ${digits} bytes; the limit is ${limit}`,
  );
}

/** A `Transfer-Encoding` other than `chunked` → 400. */
export function badCoding(buf: Uint8Array, from: number, end: number) {
  return new HttpError(
    400,
    `Invalid Transfer-Encoding ${quoted(buf, from, end)}`,
  );
}

/** A field that must come once, twice → 400. */
export function twice(name: string): HttpError {
  return new HttpError(400, `More than one ${name} header`);
}

/** `Content-Length` beside `Transfer-Encoding` → 400 (RFC 9112 §6.3). */
export function lengthAndCoding(): HttpError {
  return new HttpError(
    400,
    "Content-Length and Transfer-Encoding in one request",
  );
}

/** `Transfer-Encoding` in HTTP/1.0, which has none (RFC 9112 §6.1) → 400. */
export function codingInHttp10(): HttpError {
  return new HttpError(400, "Transfer-Encoding in an HTTP/1.0 request");
}

/** An HTTP version other than 1.x → 505. */
export function versionNotSupported(major: number, minor: number) {
  return new HttpError(505, `HTTP/${major}.${minor} is not supported`);
}

/** A target over the limit → 414. */
export function targetTooLong(limit: number): HttpError {
  return new HttpError(414, `The request target is over ${limit} bytes`);
}

/** A head over the limit → 431. */
export function headTooLarge(): HttpError {
  return new HttpError(431, "The request head is too large");
}

/** HTTP/1.1 without `Host` → 400 (RFC 9112 §3.2). */
export function missingHost(): HttpError {
  return new HttpError(400, "Missing Host header");
}
