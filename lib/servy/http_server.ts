/**
 * `Servy.HttpServer`: a process that listens on a port (the listener is a
 * port it owns, shown in its links), accepts connections and hands each to
 * a new unlinked process that owns its socket and serves its requests
 * (lib/http/connection.ts). Killing the server closes its listener at
 * once, so the port refuses connections, while connections already
 * accepted finish on their own.
 *
 * @module
 */

import type { Self } from "../actor/mod.ts";
import {
  ConnectionTable,
  type HttpLimits,
  serveConnection,
  type Trace,
  turnAway,
} from "../http/mod.ts";
import { listen, type Listener, PortInUseError } from "../net/tcp_listener.ts";
import { type AppOptions, handler } from "./handler.ts";
import type { Console } from "./plugins.ts";

export type { Console };

/** Options of {@linkcode start}. */
export interface HttpServerOptions {
  /** The port to listen on; 0 for a free one. */
  port: number;
  /** The address to bind (default 127.0.0.1). */
  host?: string;
  /** Receives the course's console lines and the app's warnings. */
  console: Console;
  /** Only the `Listening` line, not the per-connection ones. */
  quiet?: boolean;
  /** The access log. */
  log?: AppOptions["log"];
  /** Limits, when `table` is not given. */
  limits?: Partial<HttpLimits>;
  /** The connection table, to share it across restarts (and drain it). */
  table?: ConnectionTable;
  /** Told the port once the listener is bound. */
  onListening?: (port: number) => void;
}

/** The `Server` header. */
export const SERVER = "servy";

/**
 * `Servy.HttpServer.start(port)`: the body of the server process.
 *
 * @param self the server process
 * @param options port, console, limits
 */
export async function* start(
  self: Self,
  options: HttpServerOptions,
): AsyncGenerator<unknown, void, unknown> {
  const listener = yield* bind(self, options);
  self.openPort(() => listener.close());
  const table = options.table ?? new ConnectionTable(options.limits);
  const say = options.quiet ? undefined : options.console;
  const connection = {
    handler: handler({ console: options.console, log: options.log }),
    table,
    server: SERVER,
    trace: say && courseTrace(say),
  };
  options.console(
    `\n🎧  Listening for connection requests on port ${listener.port}...\n\n`,
  );
  options.onListening?.(listener.port);
  for (;;) {
    say?.("⌛️  Waiting to accept a client connection...\n\n");
    const conn = await listener.accept();
    if (table.full) {
      turnAway(conn, SERVER);
      continue;
    }
    say?.("⚡️  Connection accepted!\n\n");
    self.spawn((client) => serveConnection(client, conn, connection));
    yield; // let the connection's process run
  }
}

/** The course's `➡️  Received request:` and `⬅️  Sent response:` lines. */
function courseTrace(say: Console): Trace {
  return {
    request: (text) => say(`➡️  Received request:\n\n${text}\n`),
    response: (text) => say(`⬅️  Sent response:\n\n${text}\n\n`),
  };
}

/**
 * Listens on the port. A server that replaces one just killed may find the
 * port still held for a moment: the host releases a listener once its
 * pending accept has settled, a tick after the close. Retry briefly, then
 * give up with the clear error.
 */
async function* bind(
  self: Self,
  options: HttpServerOptions,
): AsyncGenerator<unknown, Listener, unknown> {
  for (let attempt = 1;; attempt++) {
    try {
      return await listen(options.port, options.host);
    } catch (e) {
      if (!(e instanceof PortInUseError) || attempt === BIND_ATTEMPTS) throw e;
      yield* self.sleep(BIND_RETRY_MS);
    }
  }
}

const BIND_ATTEMPTS = 50;
const BIND_RETRY_MS = 5;
