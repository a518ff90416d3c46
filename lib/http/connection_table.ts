/**
 * The open connections of one server: the cap on their number, each one's
 * deadline on the runtime's clock, and draining for a graceful stop.
 *
 * A connection is in one phase at a time; each phase but `busy` has its
 * deadline, and when it passes the connection's `expire` runs:
 * 1. `reading`: waiting for (the rest of) a request, `idleTimeoutMs`;
 * 2. `busy`: the handler runs; no deadline;
 * 3. `writing`: a write that makes no progress, `writeTimeoutMs` from the
 *    last progress;
 * 4. `lingering`: half-closed after an error answer, discarding what the
 *    client still sends, `lingerMs`.
 *
 * Each connection has one timer in the runtime's heap, armed lazily:
 * moving a deadline later only writes a field, and the timer, when it
 * fires, re-arms itself for the deadline it finds. A request costs no timer
 * of its own; a connection costs at most one timer entry per timeout.
 *
 * The open connections are a list through their entries, not a `Set`: a
 * set that lives long and sees an add and a delete per connection is
 * rehashed again and again, and once V8 has moved its table to the old
 * generation each new table is made there too, holding the entries it had
 * (and through them every connection's state) alive across minor GCs until
 * the next full one. Under `Connection: close` load that was 4 of the 5 MB
 * every minor GC kept alive.
 *
 * @module
 */

import type { Clock, Self } from "../actor/mod.ts";
import { DEFAULT_LIMITS, type HttpLimits } from "./limits.ts";

/** What a connection is doing, for its deadline. */
export type Phase = "reading" | "busy" | "writing" | "lingering" | "closed";

type Timer = ReturnType<Self["startTimer"]>;

/** One open connection, as the table sees it: its phase and deadline. */
export class Entry {
  /** What the connection is doing. */
  phase: Phase = "busy";
  /** @internal The table's list: the entries added before and after. */
  older: Entry | undefined = undefined;
  /** @internal */
  newer: Entry | undefined = undefined;
  #deadline = 0;
  #timer: Timer | undefined;
  readonly #clock: Clock;

  /**
   * A connection's entry, busy with its first request.
   *
   * @param self the process whose runtime times the connection
   * @param table the table it belongs to
   * @param expire ends the connection when its phase's deadline passes
   */
  constructor(
    readonly self: Self,
    readonly table: ConnectionTable,
    readonly expire: (phase: Phase) => void,
  ) {
    this.#clock = self.clock;
  }

  /**
   * Waits for the client; while draining, it is stopped at once instead.
   *
   * @param now the clock's time, if just read
   */
  reading(now?: number): void {
    if (this.table.draining) return this.hurry("reading");
    this.#enter("reading", this.table.limits.idleTimeoutMs, now);
  }

  /** Runs the handler: no deadline. */
  busy(): void {
    this.phase = "busy";
  }

  /** Starts a write, or notes its progress. @param now the clock's time, if just read */
  writing(now?: number): void {
    this.#enter("writing", this.table.limits.writeTimeoutMs, now);
  }

  /** Discards input after an error answer. */
  lingering(): void {
    this.#enter("lingering", this.table.limits.lingerMs);
  }

  /**
   * Ends the phase now, through the timer: a read that has just completed
   * finishes its step before the expiry runs.
   *
   * @param phase the phase to end
   */
  hurry(phase: Phase): void {
    this.phase = phase;
    this.#deadline = this.#clock.now();
    this.#rearm(0);
  }

  /** Stops the timer: the connection has closed. */
  close(): void {
    this.phase = "closed";
    if (this.#timer !== undefined) this.self.cancelTimer(this.#timer);
    this.#timer = undefined;
  }

  #enter(phase: Phase, ms: number, now = this.#clock.now()): void {
    this.phase = phase;
    const at = now + ms;
    this.#deadline = at;
    const timer = this.#timer;
    // An armed timer that fires earlier re-arms itself when it fires.
    if (timer === undefined || timer.at > at) this.#rearm(ms);
  }

  #rearm(ms: number): void {
    if (this.#timer !== undefined) this.self.cancelTimer(this.#timer);
    this.#timer = this.self.startTimer(ms, this.#fire);
  }

  #fire = (): void => {
    this.#timer = undefined;
    if (this.phase === "busy" || this.phase === "closed") return;
    const left = this.#deadline - this.#clock.now();
    if (left > 0) this.#timer = this.self.startTimer(left, this.#fire);
    else this.expire(this.phase);
  };
}

/**
 * How many turned-away sockets may linger at once; more are closed right
 * after their 503, so that a flood over the cap holds few descriptors.
 */
export const MAX_TURNED_AWAY = 64;

/** The connections of a server. */
export class ConnectionTable {
  /** The server's limits: sizes, deadlines, the connection cap. */
  readonly limits: HttpLimits;
  /** The newest entry; the list runs through `older` (see the module doc). */
  #newest: Entry | undefined = undefined;
  #size = 0;
  #emptied: (() => void)[] = [];
  /** Set by {@linkcode drain}: finish the request in hand, then close. */
  draining = false;
  /** Turned-away sockets lingering after their 503 (at most {@linkcode MAX_TURNED_AWAY}). */
  turnedAway = 0;

  /**
   * A table with no connection yet.
   *
   * @param limits the server's limits; defaults fill the gaps
   */
  constructor(limits: Partial<HttpLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** How many connections are open. */
  get size(): number {
    return this.#size;
  }

  /**
   * Adds a connection, timed on its process's runtime.
   *
   * @param self the connection's process
   * @param expire how to end it when its deadline passes
   * @returns its entry, for its phases and {@linkcode delete}
   */
  add(self: Self, expire: (phase: Phase) => void): Entry {
    const entry = new Entry(self, this, expire);
    const newest = this.#newest;
    if (newest !== undefined) {
      newest.newer = entry;
      entry.older = newest;
    }
    this.#newest = entry;
    this.#size++;
    return entry;
  }

  /** Removes a closed connection and stops its timer. @param entry the connection */
  delete(entry: Entry): void {
    entry.close();
    if (!this.#unlink(entry) || this.#size > 0) return;
    for (const resolve of this.#emptied.splice(0)) resolve();
  }

  /** Takes `entry` out of the list. @returns false if it was not in it */
  #unlink(entry: Entry): boolean {
    const { older, newer } = entry;
    if (newer !== undefined) newer.older = older;
    else if (this.#newest === entry) this.#newest = older;
    else return false; // deleted already (or never this table's)
    if (older !== undefined) older.newer = newer;
    entry.older = entry.newer = undefined; // a dead entry holds no other
    this.#size--;
    return true;
  }

  /**
   * Stops keep-alive: connections waiting for their client end at the next
   * tick of the runtime's timers (a half-sent request gets 408), busy ones
   * after their response, which says `Connection: close`.
   *
   * @returns a promise that resolves when every connection has closed
   */
  drain(): Promise<void> {
    this.draining = true;
    const done = new Promise<void>((resolve) => {
      if (this.#size === 0) resolve();
      else this.#emptied.push(resolve);
    });
    // hurry only rearms the entry's timer: the list is not changed under us.
    for (let entry = this.#newest; entry !== undefined; entry = entry.older) {
      if (entry.phase === "reading") entry.hurry("reading");
    }
    return done;
  }
}
