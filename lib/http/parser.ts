/**
 * `Servy.Parser`: request text → {@linkcode Conv}. Bad input throws
 * {@linkcode HttpError} carrying the 4xx/5xx status to answer with:
 *
 * 1. a request line that is not `METHOD /target HTTP/1.x` → 400;
 * 2. a method servy does not implement → 501;
 * 3. an HTTP version other than 1.0 and 1.1 → 505;
 * 4. a header line without `name: value`, or a folded one → 400;
 * 5. HTTP/1.1 without `Host` → 400;
 * 6. a `Content-Length` that is not one decimal number → 400;
 * 7. `Transfer-Encoding` (chunked bodies) → 501;
 * 8. a form or JSON body that cannot be read → 400.
 *
 * @module
 */

import { type Conv, newConv } from "./conv.ts";

/** Bad request input, with the status to answer it with. */
export class HttpError extends SyntaxError {
  /**
   * @param status the 4xx/5xx status for the response
   * @param message what was wrong, for the response body
   */
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}

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

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(\d\.\d)$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses a request head: the request line and the header lines, without
 * the blank line that ends them.
 *
 * @param head the head text
 * @returns the conv, with no body yet
 */
export function parseHead(head: string): Conv {
  const lines = head.split("\r\n");
  const m = REQUEST_LINE.exec(lines[0]);
  if (m === null || !(m[2][0] === "/" || m[2] === "*")) {
    throw new HttpError(
      400,
      `Cannot parse request line ${JSON.stringify(lines[0])}`,
    );
  }
  const [, method, target, version] = m;
  if (version !== "1.1" && version !== "1.0") {
    throw new HttpError(505, `HTTP/${version} is not supported`);
  }
  if (!METHODS.has(method)) {
    throw new HttpError(501, `Method ${method} is not implemented`);
  }
  const conv = newConv(method, target, `HTTP/${version}`);
  for (let i = 1; i < lines.length; i++) addHeader(conv.headers, lines[i]);
  if (version === "1.1" && conv.headers.host === undefined) {
    throw new HttpError(400, "Missing Host header");
  }
  if (conv.headers["transfer-encoding"] !== undefined) {
    throw new HttpError(501, "Transfer-Encoding is not supported");
  }
  return conv;
}

function addHeader(headers: Record<string, string>, line: string): void {
  const colon = line.indexOf(":");
  const name = colon > 0 ? line.slice(0, colon) : "";
  if (!TOKEN.test(name)) {
    throw new HttpError(
      400,
      `Cannot parse header line ${JSON.stringify(line)}`,
    );
  }
  const key = name.toLowerCase();
  const value = line.slice(colon + 1).trim();
  const seen = headers[key];
  if (key === "content-length" && seen !== undefined && seen !== value) {
    throw new HttpError(400, "Conflicting Content-Length headers");
  }
  headers[key] = seen === undefined || key === "content-length"
    ? value
    : `${seen}, ${value}`;
}

/**
 * The body length a parsed head announces.
 *
 * @param conv the parsed head
 * @returns the `Content-Length`, 0 when absent
 */
export function contentLength(conv: Conv): number {
  const value = conv.headers["content-length"];
  if (value === undefined) return 0;
  if (!/^\d{1,15}$/.test(value)) {
    throw new HttpError(400, `Invalid Content-Length ${JSON.stringify(value)}`);
  }
  return Number(value);
}

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
  const type = (conv.headers["content-type"] ?? "").split(";")[0].trim();
  if (type === "application/x-www-form-urlencoded") {
    conv.params = Object.fromEntries(new URLSearchParams(body));
  } else if (type === "application/json") {
    conv.params = parseJson(body);
  }
  return conv;
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

/**
 * `Servy.Parser.parse/1`: a whole request as text, head and body.
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
  const end = request.indexOf("\r\n\r\n");
  if (end === -1) throw new HttpError(400, "The request head does not end");
  const conv = parseHead(request.slice(0, end));
  const body = request.slice(end + 4, end + 4 + contentLength(conv));
  return withBody(conv, body);
}
