/**
 * Clocks: where the runtime gets the time, its one host timer, and its
 * turns of the host's event loop. The real clock uses the host's monotonic
 * time and its timers and turns (lib/sys/host_timers.ts); the manual clock
 * moves only when a test says so, so tests of `after`, call timeouts and
 * idle timeouts wait for events, never for time.
 *
 * @module
 */

import {
  afterTurn as hostTurn,
  type CancelTimer,
  startTimer,
} from "../sys/host_timers.ts";

/** The source of time and of the single host timer behind all timers. */
export interface Clock {
  /** Monotonic time in ms (`System.monotonic_time(:millisecond)`). */
  now(): number;
  /** The wall-clock time, for log lines. */
  wallTime(): Date;
  /** Arms the host timer to call `fire` after `ms`; @returns its handle */
  setTimer(ms: number, fire: () => void): unknown;
  /** Disarms a host timer armed by {@linkcode Clock.setTimer}. */
  clearTimer(handle: unknown): void;
  /**
   * Calls `fire` once the host's event loop has had a turn (its timers and
   * I/O): how the scheduler yields to the host after a budget of steps.
   */
  afterTurn(fire: () => void): void;
}

/**
 * The host's clock: `performance.now()`, and the timers and turns of
 * lib/sys/host_timers.ts (on Deno, without its Node layer).
 */
export const realClock: Clock = {
  now: () => performance.now(),
  wallTime: () => new Date(),
  setTimer: startTimer,
  clearTimer: (cancel) => (cancel as CancelTimer)(),
  afterTurn: hostTurn,
};

/**
 * A clock that only moves on {@linkcode ManualClock.advance}; its wall time
 * starts at 11:59:14.506 UTC, the lesson's log line.
 */
export class ManualClock implements Clock {
  #now = 0;
  #next = 1;
  #timers = new Map<number, { at: number; fire: () => void }>();
  readonly #epoch = Date.UTC(2026, 0, 1, 11, 59, 14, 506);

  /** The time advanced so far, in ms. */
  now(): number {
    return this.#now;
  }

  /** The lesson's start time plus the time advanced. */
  wallTime(): Date {
    return new Date(this.#epoch + this.#now);
  }

  /** Arms a timer that fires when time is advanced past it. @returns its handle */
  setTimer(ms: number, fire: () => void): number {
    const handle = this.#next++;
    this.#timers.set(handle, { at: this.#now + Math.max(0, ms), fire });
    return handle;
  }

  /** Disarms a timer of {@linkcode ManualClock.setTimer}. */
  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** The host's turn: the event loop is real even when time is not. */
  afterTurn(fire: () => void): void {
    hostTurn(fire);
  }

  /**
   * Moves time forward by `ms`, firing each due host timer at its own time.
   *
   * @param ms how far to move
   */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let first: [number, { at: number; fire: () => void }] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].at <= end && (!first || entry[1].at < first[1].at)) {
          first = entry;
        }
      }
      if (!first) break;
      this.#timers.delete(first[0]);
      this.#now = first[1].at;
      first[1].fire();
    }
    this.#now = end;
  }
}
