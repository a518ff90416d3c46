/**
 * `Servy.Parser`: request text → {@linkcode Conv}. The head is parsed on
 * bytes, strictly (request_line.ts and head_parser.ts list the rules), the
 * body by its
 * `Content-Length` or its chunked coding (chunked.ts). Bad input throws
 * {@linkcode HttpError} carrying the 4xx/5xx status to answer with:
 *
 * 1. a head out of RFC 9112's grammar → 400 (a method servy does not
 *    implement → 501, an HTTP version other than 1.x → 505, a target over
 *    the limit → 414, a head over the limit → 431);
 * 2. a body over the limit → 413; a body cut short → 400;
 * 3. a form or JSON body that cannot be read → 400.
 *
 * @module
 */

import { ChunkedDecoder } from "./chunked.ts";
import type { Conv } from "./conv.ts";
import { HeadParser } from "./head_parser.ts";
import { HttpError } from "./http_error.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

export { HttpError } from "./http_error.ts";
export { METHODS } from "./methods.ts";

/**
 * Sets the body and the params read from it, by `Content-Type`: a form
 * (`application/x-www-form-urlencoded`) or a JSON object.
 *
 * @param conv the parsed head
 * @param body the body text
 * @returns the same conv
 */
export function withBody(conv: Conv, body: string): Conv {
  conv.body = body;
  if (body === "") return conv;
  const type = mediaType(conv.headers["content-type"] ?? "");
  if (type === "application/x-www-form-urlencoded") {
    conv.params = Object.fromEntries(new URLSearchParams(body));
  } else if (type === "application/json") {
    conv.params = parseJson(body);
  }
  return conv;
}

/** The media type without parameters, trimmed of SP and HTAB only. */
function mediaType(value: string): string {
  const semi = value.indexOf(";");
  const type = semi === -1 ? value : value.slice(0, semi);
  let from = 0, to = type.length;
  while (from < to && (type[from] === " " || type[from] === "\t")) from++;
  while (to > from && (type[to - 1] === " " || type[to - 1] === "\t")) to--;
  return type.slice(from, to);
}

function parseJson(body: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new HttpError(400, "Cannot parse the JSON body");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "The JSON body must be an object");
  }
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    params[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return params;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // a BOM is data

/**
 * `Servy.Parser.parse/1`: a whole request as text, head and body, under
 * the default limits. Bytes after the request are ignored.
 *
 * @example Parsing the course's POST
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { parse } from "./parser.ts";
 * const conv = parse(
 *   "POST /bears HTTP/1.1\r\nHost: example.com\r\n" +
 *     "Content-Type: application/x-www-form-urlencoded\r\n" +
 *     "Content-Length: 21\r\n\r\nname=Baloo&type=Brown",
 * );
 * strictEqual(conv.path, "/bears");
 * deepStrictEqual(conv.params, { name: "Baloo", type: "Brown" });
 * ```
 *
 * @param request the request text
 * @returns the conv
 */
export function parse(request: string): Conv {
  const bytes = encoder.encode(request);
  const head = new HeadParser(DEFAULT_LIMITS);
  if (!head.scan(bytes, 0, bytes.length)) {
    throw new HttpError(400, "The request head does not end");
  }
  const conv = head.toConv(bytes, 0);
  const from = head.length;
  let to = from + head.contentLength;
  if (head.chunked) {
    const chunked = new ChunkedDecoder(DEFAULT_LIMITS);
    if (chunked.decode(bytes, from, bytes.length) === -1) to = -1;
    else to = from + chunked.written;
  }
  if (to === -1 || to > bytes.length) {
    throw new HttpError(400, "The request ended before its body did");
  }
  return withBody(conv, decoder.decode(bytes.subarray(from, to)));
}
