/**
 * `format_response/1`: a handled {@linkcode Conv} → response text, with a
 * byte-exact `Content-Length` (the course counts characters and adds a
 * stray newline after the body; servy does neither).
 *
 * @module
 */

import type { Clock } from "../actor/mod.ts";
import type { Conv } from "./conv.ts";
import { fullStatus } from "./status.ts";

/** What the connection adds to the course's headers. */
export interface ResponseOptions {
  /** The `Date` header's value. */
  date?: string;
  /** The `Server` header's value. */
  server?: string;
  /** `"close"` or `"keep-alive"` when the header must be sent. */
  connection?: string;
  /** A `HEAD` request: headers only. */
  omitBody?: boolean;
}

/**
 * Formats the response.
 *
 * @example The course's first response
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { newConv, respond } from "./conv.ts";
 * import { formatResponse } from "./response.ts";
 * const conv = respond(newConv("GET", "/wildthings", "HTTP/1.1"), 200, "Bears, Lions, Tigers");
 * strictEqual(
 *   formatResponse(conv),
 *   "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\nBears, Lions, Tigers",
 * );
 * ```
 *
 * @param conv the handled conv
 * @param options the headers the connection adds
 * @returns the response text
 */
export function formatResponse(
  conv: Conv,
  options: ResponseOptions = {},
): string {
  let head = `HTTP/1.1 ${fullStatus(conv.status)}\r\n`;
  for (const name in conv.respHeaders) {
    head += `${name}: ${conv.respHeaders[name]}\r\n`;
  }
  head += `Content-Length: ${byteLength(conv.respBody)}\r\n`;
  if (options.date !== undefined) head += `Date: ${options.date}\r\n`;
  if (options.server !== undefined) head += `Server: ${options.server}\r\n`;
  if (options.connection !== undefined) {
    head += `Connection: ${options.connection}\r\n`;
  }
  return options.omitBody ? `${head}\r\n` : `${head}\r\n${conv.respBody}`;
}

/**
 * The UTF-8 length of a string, without encoding it.
 *
 * @param text the text
 * @returns its length in bytes
 */
export function byteLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      n += 2; // a surrogate pair: two units, four bytes
      i++;
    } else n += 2; // three bytes (a lone surrogate becomes U+FFFD)
  }
  return n;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

let dateClock: Clock | undefined;
let dateUntil = -Infinity;
let dateText = "";

/**
 * The `Date` header, from the clock's wall time, formatted once per
 * second: until the second ends (on the clock's monotonic time) the text
 * is reused, so a request costs no `Date` of its own.
 *
 * @example On the manual clock
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ManualClock } from "../actor/mod.ts";
 * import { httpDate } from "./response.ts";
 * const clock = new ManualClock();
 * strictEqual(httpDate(clock), "Thu, 01 Jan 2026 11:59:14 GMT");
 * clock.advance(493);
 * strictEqual(httpDate(clock), "Thu, 01 Jan 2026 11:59:14 GMT");
 * clock.advance(1);
 * strictEqual(httpDate(clock), "Thu, 01 Jan 2026 11:59:15 GMT");
 * ```
 *
 * @param clock the runtime's clock
 * @param now the clock's time, if the caller has just read it
 * @returns `"Mon, 23 Nov 2026 23:33:04 GMT"`
 */
export function httpDate(clock: Clock, now: number = clock.now()): string {
  if (clock === dateClock && now < dateUntil) return dateText;
  const wall = clock.wallTime();
  dateClock = clock;
  dateUntil = now + 1000 - wall.getTime() % 1000;
  dateText = wall.toUTCString();
  return dateText;
}
