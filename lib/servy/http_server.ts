/**
 * The lesson's HttpServer: a process that listens on a port (the listener is
 * a port it owns, shown in its links), accepts connections and hands each to
 * a new unlinked process that reads the request, runs the handler and
 * writes the response. Killing the server closes its listener at once, so
 * the port refuses connections; the host lets a new listener bind it a tick
 * later (see `bind`).
 *
 * @module
 */

import type { Self } from "../actor/mod.ts";
import {
  type Connection,
  listen,
  type Listener,
  PortInUseError,
} from "../net/tcp_listener.ts";
import { handle } from "./handler.ts";

/** Where the server's console lines go (the course's `IO.puts`). */
export type Console = (line: string) => void;

/** Options of {@linkcode start}. */
export interface HttpServerOptions {
  /** The port to listen on; 0 for a free one. */
  port: number;
  /** Receives the course's console lines. */
  console: Console;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * `Servy.HttpServer.start(port)`: the body of the server process.
 *
 * @param self the server process
 * @param options port and console
 */
export async function* start(
  self: Self,
  options: HttpServerOptions,
): AsyncGenerator<unknown, void, unknown> {
  const listener = yield* bind(self, options.port);
  self.openPort(() => listener.close());
  options.console(
    `\n🎧  Listening for connection requests on port ${listener.port}...\n\n`,
  );
  for (;;) {
    options.console("⌛️  Waiting to accept a client connection...\n\n");
    const conn = await listener.accept();
    options.console("⚡️  Connection accepted!\n\n");
    self.spawn((client) => serve(client, conn, options.console));
    yield; // let the connection's process run
  }
}

/**
 * Listens on `port`. A server that replaces one just killed may find the
 * port still held for a moment: the host releases a listener once its
 * pending accept has settled, a tick after the close. Retry briefly, then
 * give up with the clear error.
 */
async function* bind(
  self: Self,
  port: number,
): AsyncGenerator<unknown, Listener, unknown> {
  for (let attempt = 1;; attempt++) {
    try {
      return listen(port);
    } catch (e) {
      if (!(e instanceof PortInUseError) || attempt === BIND_ATTEMPTS) throw e;
      yield* self.sleep(BIND_RETRY_MS);
    }
  }
}

const BIND_ATTEMPTS = 50;
const BIND_RETRY_MS = 5;

/**
 * Serves one connection in its own process, which owns the socket: the
 * runtime closes it when the process exits, however it exits.
 */
async function* serve(
  self: Self,
  conn: Connection,
  console: Console,
): AsyncGenerator<unknown, void, unknown> {
  self.openPort(() => conn.close());
  const request = await readHead(conn);
  if (request === undefined) return;
  console(`➡️  Received request:\n\n${request}\n`);
  const response = handle(request);
  await writeAll(conn, encoder.encode(response));
  console(`⬅️  Sent response:\n\n${response}\n\n`);
}

async function readHead(conn: Connection): Promise<string | undefined> {
  const buffer = new Uint8Array(8192);
  let text = "";
  while (!text.includes("\r\n\r\n")) {
    const n = await conn.read(buffer);
    if (n === null) return text === "" ? undefined : text;
    text += decoder.decode(buffer.subarray(0, n), { stream: true });
    if (text.length > 65536) break;
  }
  return text;
}

async function writeAll(conn: Connection, data: Uint8Array): Promise<void> {
  let at = 0;
  while (at < data.length) at += await conn.write(data.subarray(at));
}
