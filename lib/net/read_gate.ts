/**
 * Reads that take turns: at most `limit` reads may be waiting on the host
 * at once; the next reads wait, first come first served, for one of them
 * to finish. A read that has waited longer than one to two `idleMs` is
 * idle (a keep-alive client between requests) and stops counting, so idle
 * connections never hold the turns of busy ones.
 *
 * Why Deno needs it: Deno completes every async op of a JS thread from
 * one tokio task, whose coop budget lets 128 I/O operations finish per
 * poll. The reads left over are woken again only after the sockets that
 * became readable since, which are the connections just answered. Under
 * 500 keep-alive clients the same connections are served again and again
 * while the rest wait for up to a second (`wrk -c500`: p99 0.4–0.6 s on a
 * bare `Deno.listen` loop). With fewer reads in flight than the budget,
 * no read is put off: the same loop gated at 24–50 has Deno.serve's p99
 * (10–14 ms), and servy's p99 falls from 0.1–0.4 s to 15–22 ms.
 *
 * @module
 */

/**
 * A host timer, as lib/sys/host_timers.ts's `startTimer`: runs `fn` once
 * after `ms`.
 */
export type ScheduleTimer = (ms: number, fn: () => void) => unknown;

/** What a gated read reads from. */
export interface Readable {
  read(buffer: Uint8Array): Promise<number | null>;
}

import { Waiters } from "./waiters.ts";

/** Turns for the reads of many connections. */
export class ReadGate {
  readonly #limit: number;
  readonly #idleMs: number;
  readonly #schedule: ScheduleTimer;
  #current = 0; // counted reads started in this generation
  #previous = 0; // counted reads started in the one before
  #sweeping = false;
  #waiting = new Waiters();

  constructor(limit: number, idleMs: number, schedule: ScheduleTimer) {
    this.#limit = limit;
    this.#idleMs = idleMs;
    this.#schedule = schedule;
  }

  /** Reads counted as waiting on the host now. */
  get inFlight(): number {
    return this.#current + this.#previous;
  }

  /** Reads waiting for their turn. */
  get queued(): number {
    return this.#waiting.size;
  }

  /** `source.read(buffer)`, started when its turn comes. */
  read(source: Readable, buffer: Uint8Array): Promise<number | null> {
    if (this.queued === 0 && this.inFlight < this.#limit) {
      this.#current++;
      return this.#start(source, buffer);
    }
    return new Promise<void>((start) => this.#waiting.push(start))
      .then(() => this.#start(source, buffer));
  }

  /** Starts a read whose turn has come, already counted in #current. */
  #start(source: Readable, buffer: Uint8Array): Promise<number | null> {
    if (!this.#sweeping) {
      this.#sweeping = true;
      this.#schedule(this.#idleMs, this.#sweep);
    }
    const settled = this.#settled;
    let reading: Promise<number | null>;
    try {
      reading = source.read(buffer);
    } catch (e) {
      this.#finish(settled.generation);
      return Promise.reject(e);
    }
    return reading.then(settled.read, settled.failed);
  }

  /**
   * The generation reads start in now, advanced by each sweep, and what
   * ends its reads: made once a generation, not once a read.
   */
  #settled = this.#settlers(0);

  #settlers(generation: number) {
    return {
      generation,
      read: (n: number | null) => {
        this.#finish(generation);
        return n;
      },
      failed: (e: unknown): never => {
        this.#finish(generation);
        throw e;
      },
    };
  }

  #finish(generation: number): void {
    const now = this.#settled.generation;
    if (generation === now) this.#current--;
    else if (generation === now - 1) this.#previous--;
    // older: idle already, no longer counted
    this.#admit();
  }

  /** Gives the free turns to the reads waiting longest. */
  #admit(): void {
    while (this.queued > 0 && this.inFlight < this.#limit) {
      const start = this.#waiting.shift()!;
      this.#current++;
      start();
    }
  }

  /** Every `idleMs` while anything is counted: the oldest reads go idle. */
  #sweep = (): void => {
    this.#previous = this.#current;
    this.#current = 0;
    this.#settled = this.#settlers(this.#settled.generation + 1);
    this.#admit();
    if (this.inFlight > 0) this.#schedule(this.#idleMs, this.#sweep);
    else this.#sweeping = false;
  };
}
