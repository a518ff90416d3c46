/**
 * How many sockets `Servy.HttpServer` keeps open, from the process's
 * open-file limit, so that it never runs out of descriptors itself:
 *
 * 1. Up to `connections` open connections are served.
 * 2. Beyond, a connection is turned away: 503, then a lingering close.
 * 3. Beyond `sockets` accepted sockets open (served, or lingering after a
 *    503), a connection is closed at once, unanswered.
 * 4. An accept that fails anyway (EMFILE, ENFILE, ENOBUFS, ECONNABORTED:
 *    other code took the descriptors) is logged once per burst; the server
 *    retries it after a back-off, and open connections go on.
 *
 * @module
 */

import type { Self } from "../actor/mod.ts";
import { type ConnectionTable, MAX_TURNED_AWAY } from "../http/mod.ts";
import { type AcceptError, openConnections } from "../net/tcp_listener.ts";

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
 * import { socketCaps } from "./accept_gate.ts";
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

/** Cases 1-4 of the module's doc: the caps, and the logs of their bursts. */
export class Gate {
  caps: SocketCaps;
  #failures: Burst;
  #unanswered: Burst;

  constructor(
    self: Self,
    readonly table: ConnectionTable,
    public fdLimit: number | undefined,
  ) {
    this.caps = socketCaps(fdLimit, table.limits.maxConnections);
    this.#failures = new Burst(self);
    this.#unanswered = new Burst(self);
  }

  /** Follows the open-file limit, once it is known. */
  limitTo(fdLimit: number | undefined): void {
    this.fdLimit = fdLimit;
    this.caps = socketCaps(fdLimit, this.table.limits.maxConnections);
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
    // caps.connections is at most limits.maxConnections: one check for both.
    if (table.size >= caps.connections) return "turn away";
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
 * Logs a burst of failures once: a warning at its first failure. A burst
 * ends when {@linkcode QUIET_MS} pass without one, so retries, and
 * successes in between (a descriptor freed and taken at once), add none.
 */
class Burst {
  #last = -Infinity;

  constructor(readonly self: Self) {}

  hit(message: () => string): void {
    const now = this.self.clock.now();
    const starts = now - this.#last >= QUIET_MS;
    this.#last = now;
    if (starts) {
      this.self.log(
        "warning",
        `Servy.HttpServer ${this.self.pid} ${message()}`,
      );
    }
  }
}

/** How long without a failure ends a burst of them. */
const QUIET_MS = 5000;
