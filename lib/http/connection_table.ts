/**
 * The open connections of one server: the cap on their number, the idle
 * timeout (one sweep timer for all of them, not one timer per read), and
 * draining for a graceful stop.
 *
 * @module
 */

import { DEFAULT_LIMITS, type HttpLimits } from "./limits.ts";

/** One open connection, as the table sees it. */
export interface Entry {
  /** When it stops waiting for its client (ms since the epoch); 0: busy. */
  deadline: number;
  /** Ends the connection because its client was too slow or idle. */
  expire(): void;
}

/** The connections of a server. */
export class ConnectionTable {
  readonly limits: HttpLimits;
  #entries = new Set<Entry>();
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #emptied: (() => void)[] = [];
  /** Set by {@linkcode drain}: finish the request in hand, then close. */
  draining = false;

  /** @param limits the server's limits; defaults fill the gaps */
  constructor(limits: Partial<HttpLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** @returns how many connections are open */
  get size(): number {
    return this.#entries.size;
  }

  /** @returns whether a new connection must be turned away */
  get full(): boolean {
    return this.#entries.size >= this.limits.maxConnections;
  }

  /**
   * Adds a connection.
   *
   * @param expire how to end it when its deadline passes
   * @returns its entry, for {@linkcode wait} and {@linkcode delete}
   */
  add(expire: () => void): Entry {
    const entry = { deadline: 0, expire };
    this.#entries.add(entry);
    if (this.#sweeper === undefined) {
      const every = Math.max(5, Math.min(1000, this.limits.idleTimeoutMs / 4));
      this.#sweeper = setInterval(() => this.#sweep(), every);
    }
    return entry;
  }

  /**
   * Marks a connection as waiting for its client; while draining it ends
   * at once instead.
   *
   * @param entry the connection
   */
  wait(entry: Entry): void {
    if (this.draining) return entry.expire();
    entry.deadline = Date.now() + this.limits.idleTimeoutMs;
  }

  /** Removes a closed connection. @param entry the connection */
  delete(entry: Entry): void {
    if (!this.#entries.delete(entry) || this.#entries.size > 0) return;
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    for (const resolve of this.#emptied.splice(0)) resolve();
  }

  /**
   * Stops keep-alive: connections waiting for their client end now (a
   * half-sent request gets 408), busy ones after their response.
   *
   * @returns a promise that resolves when every connection has closed
   */
  drain(): Promise<void> {
    this.draining = true;
    const done = new Promise<void>((resolve) => {
      if (this.#entries.size === 0) resolve();
      else this.#emptied.push(resolve);
    });
    for (const entry of [...this.#entries]) {
      if (entry.deadline !== 0) entry.expire();
    }
    return done;
  }

  #sweep(): void {
    const now = Date.now();
    for (const entry of [...this.#entries]) {
      if (entry.deadline !== 0 && entry.deadline <= now) entry.expire();
    }
  }
}
