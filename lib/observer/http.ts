/**
 * The observer's HTTP, one request a connection: lib/http's reader parses
 * it, within {@linkcode OBSERVER_LIMITS} (a 16 KiB body at most); the
 * answer always ends the connection, except the event stream, which stays
 * open with its head sent first.
 *
 * @module
 */

import {
  type Conv,
  DEFAULT_LIMITS,
  HttpError,
  type HttpLimits,
  reason,
  RequestReader,
} from "../http/mod.ts";
import type { Connection } from "../net/mod.ts";

/** The observer's limits: small, it takes only its own page's requests. */
export const OBSERVER_LIMITS: HttpLimits = {
  ...DEFAULT_LIMITS,
  maxHeaderBytes: 8192,
  maxBodyBytes: 16 * 1024,
};

/** An answer: status, content type and body. */
export interface Answer {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

const encoder = new TextEncoder();

/**
 * Reads one request.
 *
 * @param conn the socket
 * @returns the request, `undefined` when the client closed first, or the
 *   answer to bad input (its 4xx)
 */
export async function readRequest(
  conn: Connection,
): Promise<Conv | Answer | undefined> {
  const reader = new RequestReader(conn, OBSERVER_LIMITS);
  try {
    return await reader.next();
  } catch (e) {
    if (e instanceof HttpError) return text(e.status, e.message);
    return undefined; // the socket closed under the read
  }
}

/** @returns a plain-text answer */
export function text(status: number, body: string): Answer {
  return { status, type: "text/plain; charset=utf-8", body: `${body}\n` };
}

/** @returns a JSON answer */
export function json(status: number, value: unknown): Answer {
  return {
    status,
    type: "application/json",
    body: JSON.stringify(value),
  };
}

/**
 * The head of a response.
 *
 * @param status the status code
 * @param headers the headers, `Content-Type` included
 * @returns the status line and headers, ending with the blank line
 */
export function head(status: number, headers: Record<string, string>): string {
  const lines = [`HTTP/1.1 ${status} ${reason(status)}`];
  const all = {
    ...headers,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
  for (const [name, value] of Object.entries(all)) {
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

/**
 * Writes `data` whole.
 *
 * @returns false when the client has gone
 */
export async function write(conn: Connection, data: string): Promise<boolean> {
  const bytes = encoder.encode(data);
  try {
    for (let at = 0; at < bytes.length;) {
      at += await conn.write(at === 0 ? bytes : bytes.subarray(at));
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a whole answer, with `Connection: close`.
 *
 * @param conn the socket
 * @param answer what to send
 * @param omitBody for HEAD
 */
export function send(
  conn: Connection,
  answer: Answer,
  omitBody = false,
): Promise<boolean> {
  const body = encoder.encode(answer.body);
  const headers = {
    "Content-Type": answer.type,
    "Content-Length": String(body.length),
    Connection: "close",
    ...answer.headers,
  };
  return write(
    conn,
    head(answer.status, headers) + (omitBody ? "" : answer.body),
  );
}
