/**
 * The last answer on a connection: the plain-text error response that
 * ends it (`Connection: close`), and the pieces of a lingering close
 * (RFC 9112 §9.6) shared by the connection's process and by
 * turn_away.ts.
 *
 * @module
 */

import type { Clock } from "../actor/mod.ts";
import { newConv, respond } from "./conv.ts";
import type { ByteSource } from "./request_reader.ts";
import { formatResponse, httpDate } from "./response.ts";

/** A socket that can be closed, maybe twice. */
export interface Closable {
  close(): void;
}

/** Where lingering reads go: one buffer for all, as what it holds is dropped. */
const DISCARD = new Uint8Array(16 * 1024);

/**
 * An error response that closes the connection.
 *
 * @param status the status code
 * @param message the plain-text body
 * @param options the `Server` header, and the clock for `Date`
 * @returns the response text
 */
export function errorResponse(
  status: number,
  message: string,
  options: { server: string; clock: Clock },
): string {
  const conv = respond(newConv("GET", "/", "HTTP/1.1"), status, message);
  conv.respHeaders = { "Content-Type": "text/plain; charset=utf-8" };
  return formatResponse(conv, {
    date: httpDate(options.clock),
    server: options.server,
    connection: "close",
  });
}

/**
 * Reads and drops input until the client closes or the socket is closed.
 *
 * @param socket the half-closed socket
 */
export async function discard(socket: ByteSource): Promise<void> {
  try {
    while (await socket.read(DISCARD) !== null) {
      // dropped
    }
  } catch {
    // closed under the read: the linger is over
  }
}

/** Closes `socket`, which may be closed already. */
export function closeQuietly(socket: Closable): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
