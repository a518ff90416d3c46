/**
 * A small HTTP/1.1 client for probes and tests: raw request text out, the
 * whole response text back (the course's `HttpClient`).
 *
 * @module
 */

import {
  connect,
  type Connection,
  ConnectionRefusedError,
} from "../net/tcp_listener.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends a request and reads one response: its head, then as many body
 * bytes as its `Content-Length` says (until the server closes when it
 * says none), so it works with keep-alive servers too.
 *
 * @param port the server's port on 127.0.0.1
 * @param text the request text
 * @returns the response text, or `"connection refused"`
 */
export async function request(port: number, text: string): Promise<string> {
  let conn: Connection;
  try {
    conn = await connect(port);
  } catch (e) {
    if (e instanceof ConnectionRefusedError) return "connection refused";
    throw e;
  }
  try {
    await conn.write(encoder.encode(text));
    return decoder.decode(await readResponse(conn));
  } finally {
    conn.close();
  }
}

async function readResponse(conn: Connection): Promise<Uint8Array> {
  let data = new Uint8Array(0);
  const chunk = new Uint8Array(16 * 1024);
  for (;;) {
    const wanted = expectedLength(data);
    if (wanted !== undefined && data.length >= wanted) return data;
    const n = await conn.read(chunk).catch(() => null);
    if (n === null) return data;
    const more = new Uint8Array(data.length + n);
    more.set(data);
    more.set(chunk.subarray(0, n), data.length);
    data = more;
  }
}

/** @returns the full response's length, once its head has arrived */
function expectedLength(data: Uint8Array): number | undefined {
  const head = decoder.decode(data.subarray(0, 16 * 1024));
  const end = head.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const m = /\r\ncontent-length: *(\d+)/i.exec(head.slice(0, end));
  return m === null ? undefined : end + 4 + Number(m[1]);
}
