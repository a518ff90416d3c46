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
 * The server stays within the process's file descriptors
 * ({@linkcode socketCaps}), so it never runs out of them itself:
 *
 * 1. Up to `connections` open connections are served.
 * 2. Beyond, a connection is turned away: 503, then a lingering close.
 * 3. Beyond `sockets` accepted sockets open (served, or lingering after a
 *    503), a connection is closed at once, unanswered.
 * 4. An accept that fails anyway (EMFILE, ENFILE, ENOBUFS, ECONNABORTED:
 *    other code took the descriptors) is logged once per burst and retried
 *    after a back-off on the runtime's clock; open connections go on.
 *
 * @module
 */

import type { Port, Self } from "../actor/mod.ts";
import {
  ConnectionTable,
  type HttpLimits,
  serveConnection,
  type Trace,
  turnAway,
} from "../http/mod.ts";
import { MAX_TURNED_AWAY } from "../http/connection_table.ts";
import {
  AcceptError,
  type Connection,
  listen,
  type Listener,
  openConnections,
  PortInUseError,
} from "../net/tcp_listener.ts";
import { fileDescriptorLimit } from "../sys/fd_limit.ts";
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
  /**
   * The open-file limit the caps follow ({@linkcode socketCaps}); default:
   * the process's, read at start (lib/sys/fd_limit.ts).
   */
  fdLimit?: number;
  /** Told the port once the listener is bound. */
  onListening?: (port: number) => void;
}

/** The `Server` header. */
export const SERVER = "servy";

/** What the accept loop keeps to; see {@linkcode socketCaps}. */
export interface SocketCaps {
  /** Connections served at once; more are turned away with 503. */
  connections: number;
  /** Accepted sockets open at once; more are closed unanswered. */
  sockets: number;
}

/**
 * The caps for an open-file limit. A reserve of max(32, 10%) descriptors
 * stays for the runtime's own (idle, Deno holds about 25 and Node about
 * 21: stdio, its event loop, caches, the listener) and for outgoing
 * connections; the rest is for accepted sockets. Of those, a room of
 * min(64, 10%) is kept for the 503s while they linger; the others serve.
 *
 * @example Under `ulimit -n 256`
 * ```ts
 * import assert from "node:assert/strict";
 * import { socketCaps } from "./http_server.ts";
 * assert.deepEqual(socketCaps(256, 10_000), { connections: 201, sockets: 224 });
 * assert.deepEqual(socketCaps(undefined, 10_000), { connections: 10_000, sockets: Infinity });
 * ```
 * @param fdLimit the soft open-file limit; `undefined` when unknown
 * @param maxConnections the configured cap
 * @returns the caps
 */
export function socketCaps(
  fdLimit: number | undefined,
  maxConnections: number,
): SocketCaps {
  if (fdLimit === undefined || fdLimit === Infinity) {
    return { connections: maxConnections, sockets: Infinity };
  }
  const sockets = Math.max(1, fdLimit - Math.max(32, Math.ceil(fdLimit / 10)));
  const room = Math.min(MAX_TURNED_AWAY, Math.ceil(sockets / 10));
  return {
    connections: Math.max(1, Math.min(maxConnections, sockets - room)),
    sockets,
  };
}

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
  // Connections wait in the backlog while the limit is read.
  const fdLimit = options.fdLimit ?? await fileDescriptorLimit();
  const gate = new Gate(self, table, fdLimit);
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
    self.spawn(async function* (client) {
      if (take()) yield* serveConnection(client, conn, connection);
    });
    yield; // let the connection's process run
  }
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

/** Cases 1-4 of the module's doc: the caps, and the logs of their bursts. */
class Gate {
  readonly caps: SocketCaps;
  #failures: Burst;
  #unanswered: Burst;

  constructor(
    self: Self,
    readonly table: ConnectionTable,
    readonly fdLimit: number | undefined,
  ) {
    this.caps = socketCaps(fdLimit, table.limits.maxConnections);
    this.#failures = new Burst(self);
    this.#unanswered = new Burst(self);
  }

  /** @returns what to do with the socket just accepted */
  admit(): "serve" | "turn away" | "close" {
    const { caps, table } = this;
    if (openConnections() > caps.sockets) {
      this.#unanswered.hit(() =>
        `closes new connections unanswered: ${caps.sockets} sockets open, ` +
        `the most the open-file limit of ${this.fdLimit} leaves`
      );
      return "close";
    }
    if (table.full || table.size >= caps.connections) return "turn away";
    return "serve";
  }

  failed(e: AcceptError): void {
    this.#failures.hit(() =>
      `cannot accept connections: ${e.reason} (${e.code}); retrying, ` +
      `${this.table.size} connections open`
    );
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

/**
 * Logs a burst of failures once: a warning at its first failure. A burst
 * ends when {@linkcode QUIET_MS} pass without one, so retries, and
 * successes in between (a descriptor freed and taken at once), add none.
 */
class Burst {
  #last = -Infinity;

  constructor(readonly self: Self) {}

  hit(message: () => string): void {
    const now = this.self.rt.clock.now();
    const starts = now - this.#last >= QUIET_MS;
    this.#last = now;
    if (starts) {
      this.self.rt.log(
        "warning",
        `Servy.HttpServer ${this.self.pid} ${message()}`,
      );
    }
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

const BIND_ATTEMPTS = 250;
const BIND_RETRY_MS = 1;
/** How long without a failure ends a burst of them. */
const QUIET_MS = 5000;
/** The accept back-off: from 5 ms, doubling, to Ranch's 100 ms. */
const RETRY_MIN_MS = 5;
const RETRY_MAX_MS = 100;
