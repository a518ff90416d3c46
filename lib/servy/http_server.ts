/**
 * `Servy.HttpServer`: a process that listens on a port (the listener is a
 * port it owns, shown in its links), accepts connections and hands each to
 * a new unlinked process that owns its socket and serves its requests
 * (lib/http/connection.ts). Killing the server closes its listener at
 * once, so the port refuses connections, while connections already
 * accepted finish on their own.
 *
 * An accepted socket always has an owner. The server holds it as a port
 * of its own until the connection's process takes it at its first step
 * (`:gen_tcp.controlling_process/2`), so a server killed in between, or a
 * runtime stopped in between, closes it.
 *
 * The server stays within the process's file descriptors, so it never
 * runs out of them itself (accept_gate.ts), and an accept that fails
 * anyway is retried after a back-off on the runtime's clock.
 *
 * @module
 */

import type { Port, Self } from "../actor/mod.ts";
import {
  type ConnectionOptions,
  ConnectionTable,
  type HttpLimits,
  serveConnection,
  type Trace,
  turnAway,
} from "../http/mod.ts";
import {
  AcceptError,
  type Connection,
  listen,
  type Listener,
  PortInUseError,
} from "../net/tcp_listener.ts";
import { fileDescriptorLimit } from "../sys/fd_limit.ts";
import { Gate } from "./accept_gate.ts";
import { type AppOptions, handler } from "./handler.ts";
import type { Console } from "./plugins.ts";

export type { Console };
export { type SocketCaps, socketCaps } from "./accept_gate.ts";

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
  /**
   * Each connection's process prints `#PID<0.N.0>: Working on it!`, as the
   * course's `serve/1` does (`servy serve --verbose`).
   */
  workingOnIt?: boolean;
  /** The access log. */
  log?: AppOptions["log"];
  /** Limits, when `table` is not given. */
  limits?: Partial<HttpLimits>;
  /** The connection table, to share it across restarts (and drain it). */
  table?: ConnectionTable;
  /**
   * The open-file limit the caps follow (accept_gate.ts); default:
   * the process's, read at start (lib/sys/fd_limit.ts).
   */
  fdLimit?: number;
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
  const gate = new Gate(self, table, options.fdLimit);
  // Read in the background: the accept loop (and the course's console
  // lines) start at once; the caps tighten as soon as the limit is known.
  if (options.fdLimit === undefined) {
    fileDescriptorLimit().then((limit) => gate.limitTo(limit), () => {});
  }
  for (;;) {
    say?.("⌛️  Waiting to accept a client connection...\n\n");
    const conn = yield* accept(self, listener, gate);
    const take = hold(self, conn);
    const verdict = gate.admit();
    if (verdict !== "serve") {
      take();
      if (verdict === "turn away") {
        turnAway(self, conn, { table, server: SERVER });
      } else conn.close();
      continue;
    }
    say?.("⚡️  Connection accepted!\n\n");
    const working = say !== undefined && options.workingOnIt === true
      ? say
      : undefined;
    // One generator function for every connection, not a new one each:
    // see lib/actor/body.ts on what a fresh one costs per process.
    self.spawn((client) =>
      connectionBody(client, conn, take, working, connection)
    );
    yield; // let the connection's process run
  }
}

/** A connection's process: takes the socket, then serves it. */
async function* connectionBody(
  client: Self,
  conn: Connection,
  take: () => boolean,
  working: Console | undefined,
  options: ConnectionOptions,
): AsyncGenerator<unknown, void, unknown> {
  if (!take()) return;
  working?.(`${client.pid}: Working on it!\n`);
  yield* serveConnection(client, conn, options);
}

/** Takes the next connection; an {@linkcode AcceptError} is retried. */
async function* accept(
  self: Self,
  listener: Listener,
  gate: Gate,
): AsyncGenerator<unknown, Connection, unknown> {
  for (let delay = RETRY_MIN_MS;; delay = Math.min(2 * delay, RETRY_MAX_MS)) {
    try {
      return await listener.accept();
    } catch (e) {
      if (!(e instanceof AcceptError)) throw e;
      gate.failed(e);
      yield* self.sleep(delay);
    }
  }
}

/**
 * Holds `conn` as a port of the server until its next owner takes it.
 *
 * @returns `take`: true if the socket is still open and now the caller's
 *   to close; false if the server's exit closed it
 */
function hold(self: Self, conn: Connection): () => boolean {
  let taken = false;
  let port: Port;
  try {
    port = self.openPort(() => {
      if (!taken) conn.close();
    });
  } catch (e) {
    conn.close(); // the server was killed while accepting (Dead)
    throw e;
  }
  return () => {
    if (!port.open) return false;
    taken = true;
    self.closePort(port);
    return true;
  };
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

const BIND_ATTEMPTS = 250;
const BIND_RETRY_MS = 1;
/** The accept back-off: from 5 ms, doubling, to Ranch's 100 ms. */
const RETRY_MIN_MS = 5;
const RETRY_MAX_MS = 100;
