/**
 * One HTTP/1.1 connection, served by its own process, which owns the
 * socket as a port: the socket closes when the process exits, however it
 * exits.
 *
 * 1. Requests are read, handled and answered one after another
 *    (keep-alive and pipelining); `Connection: close` or HTTP/1.0 without
 *    `keep-alive` ends the connection after the response.
 * 2. Bad input gets its 4xx/5xx answer (see parser.ts) and the connection
 *    closes.
 * 3. A client idle between requests past the timeout is closed; one that
 *    stalls inside a request gets 408 (slowloris).
 * 4. A handler that crashes kills the process, which the runtime logs like
 *    any crash; the client gets 500 if no response bytes were sent yet.
 *
 * @module
 */

import { isQuiet, type Self } from "../actor/mod.ts";
import type { ConnectionTable } from "./connection_table.ts";
import { type Conv, newConv, respond } from "./conv.ts";
import { HttpError } from "./parser.ts";
import { type ByteSource, RequestReader } from "./request_reader.ts";
import { formatResponse, httpDate } from "./response.ts";

/** The socket as the connection sees it. */
export interface Socket extends ByteSource {
  write(data: Uint8Array): Promise<number>;
  close(): void;
}

/** What runs a request: a conv now, or a process step that yields one. */
export type Handler = (
  self: Self,
  conv: Conv,
) => Conv | AsyncGenerator<unknown, Conv, unknown>;

/** Hooks that see each exchange as text (the course's console lines). */
export interface Trace {
  request(text: string): void;
  response(text: string): void;
}

/** Options of {@linkcode serveConnection}. */
export interface ConnectionOptions {
  handler: Handler;
  table: ConnectionTable;
  /** The `Server` header. */
  server: string;
  trace?: Trace;
}

const encoder = new TextEncoder();

/**
 * The body of a connection's process.
 *
 * @param self the connection's process
 * @param socket the accepted socket, which the process comes to own
 * @param options handler, table and hooks
 */
export async function* serveConnection(
  self: Self,
  socket: Socket,
  options: ConnectionOptions,
): AsyncGenerator<unknown, void, unknown> {
  const { table, trace } = options;
  const reader = new RequestReader(socket, table.limits);
  let inHand: Conv | undefined; // read, not yet answered
  const entry = table.add(() => {
    if (reader.partial) {
      answerAndClose(
        socket,
        error(408, "The request took too long", options.server),
      );
    } else socket.close();
  });
  self.openPort((reason) => {
    table.delete(entry);
    if (inHand === undefined || isQuiet(reason)) return socket.close();
    answerAndClose(
      socket,
      error(500, "Internal Server Error", options.server),
    );
  });
  for (;;) {
    table.wait(entry);
    let conv: Conv | undefined;
    try {
      conv = await reader.next(trace !== undefined);
    } catch (e) {
      if (e instanceof HttpError) {
        entry.deadline = 0;
        await write(socket, error(e.status, e.message, options.server));
      }
      return; // also: the socket closed under the read
    }
    entry.deadline = 0;
    if (conv === undefined) return;
    trace?.request(reader.raw);
    inHand = conv;
    const head = conv.method === "HEAD";
    if (head) conv.method = "GET";
    const routed = options.handler(self, conv);
    const done = routed instanceof Object && Symbol.asyncIterator in routed
      ? yield* routed
      : routed as Conv;
    const close = table.draining || !keepAlive(conv);
    const text = formatResponse(done, {
      date: httpDate(Date.now()),
      server: options.server,
      connection: close
        ? "close"
        : conv.version === "HTTP/1.0"
        ? "keep-alive"
        : undefined,
      omitBody: head,
    });
    inHand = undefined;
    if (!await write(socket, text)) return;
    trace?.response(text);
    if (close) return;
  }
}

function keepAlive(conv: Conv): boolean {
  const value = conv.headers.connection?.toLowerCase();
  if (conv.version === "HTTP/1.0") {
    return value?.includes("keep-alive") ?? false;
  }
  return !(value?.includes("close") ?? false);
}

function error(status: number, message: string, server: string): string {
  const conv = respond(newConv("GET", "/", "HTTP/1.1"), status, message);
  conv.respHeaders = { "Content-Type": "text/plain; charset=utf-8" };
  return formatResponse(conv, {
    date: httpDate(Date.now()),
    server,
    connection: "close",
  });
}

/** Writes all of `text`. @returns false when the client has gone */
async function write(socket: Socket, text: string): Promise<boolean> {
  const data = encoder.encode(text);
  try {
    for (let at = 0; at < data.length;) {
      at += await socket.write(data.subarray(at));
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns away a connection the server will not serve (over the cap): a
 * short 503, then close, without a process.
 *
 * @param socket the accepted socket
 * @param server the `Server` header
 */
export function turnAway(socket: Socket, server: string): void {
  answerAndClose(socket, error(503, "Too many connections", server));
}

/** Sends a last response from outside the process, then closes. */
function answerAndClose(socket: Socket, text: string): void {
  socket.write(encoder.encode(text)).catch(() => {}).finally(() => {
    try {
      socket.close();
    } catch {
      // already closed
    }
  });
}
