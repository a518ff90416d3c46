/**
 * HTTP status codes and their reason phrases (RFC 9110), as the course's
 * `status_reason/1` lists them, plus the ones a robust server needs.
 *
 * @module
 */

const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Content Too Large",
  414: "URI Too Long",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  505: "HTTP Version Not Supported",
};

/**
 * The status line's reason phrase.
 *
 * @param status the status code
 * @returns its phrase, or `""` for a code servy never sends
 */
export function reason(status: number): string {
  return REASONS[status] ?? "";
}

/**
 * `Conv.full_status/1`: the code and its phrase.
 *
 * @example Status line
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fullStatus } from "./status.ts";
 * strictEqual(fullStatus(404), "404 Not Found");
 * ```
 *
 * @param status the status code
 * @returns `"404 Not Found"`
 */
export function fullStatus(status: number): string {
  return `${status} ${reason(status)}`;
}
