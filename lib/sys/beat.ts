/**
 * A beat: one host timer shared by the callbacks that must run soon, but
 * at no exact time. {@linkcode Beat.next} runs a callback once, at the
 * beat's next tick: at most `ms` after the call, together with every other
 * callback given before that tick, in the order given. A callback given
 * while a tick runs waits for the next one. The host timer is armed only
 * while a callback waits, so an idle process sets none.
 *
 * Why servy needs it: on Deno a host timer is dear. Each one that fires
 * runs Deno's timer queue and its `AbortSignal` (with a `DOMException`
 * built for its reason), 14 µs of CPU a timer even when 50 fire at once,
 * and 130–300 µs when one fires alone. Under keep-alive load the access
 * log's writes and the read gate's sweep set about 600 a second between
 * them; sharing {@linkcode housekeeping}, they set at most 200.
 *
 * @module
 */

import { type CancelTimer, runReporting, startTimer } from "./host_timers.ts";

export type { CancelTimer };

/** A host timer, as host_timers.ts's `startTimer`. */
export type StartTimer = (ms: number, fire: () => void) => CancelTimer;

/** Callbacks that share one host timer; see the module's doc. */
export class Beat {
  #due: (() => void)[] = [];
  #cancel: CancelTimer | undefined;

  /** The longest a callback waits for its tick. */
  readonly ms: number;
  /** The host's timers (the tests give their own). */
  readonly start: StartTimer;

  /**
   * A beat with nothing waiting.
   *
   * @param ms the longest a callback waits for its tick
   * @param start the host's timers
   */
  constructor(ms: number, start: StartTimer = startTimer) {
    this.ms = ms;
    this.start = start;
  }

  /** How many callbacks wait for the next tick. */
  get waiting(): number {
    return this.#due.length;
  }

  /**
   * Runs `fire` at the next tick. What it throws is thrown again from a
   * microtask, where the host's uncaught-error handler sees it; the
   * callbacks after it still run.
   *
   * @example Two callbacks, one tick
   * ```ts
   * import assert from "node:assert/strict";
   * import { Beat } from "./beat.ts";
   * const ran: string[] = [];
   * const beat = new Beat(5);
   * beat.next(() => ran.push("log"));
   * beat.next(() => ran.push("sweep"));
   * await new Promise<void>((done) => beat.next(done));
   * assert.deepEqual(ran, ["log", "sweep"]);
   * ```
   * @param fire what to run
   * @returns what takes `fire` off the beat, if it has not run yet; the
   *   host timer is cancelled with the last callback waiting
   */
  next(fire: () => void): CancelTimer {
    const due = this.#due;
    due.push(fire);
    this.#cancel ??= this.start(this.ms, this.#tick);
    return () => this.#drop(due, fire);
  }

  #drop(due: (() => void)[], fire: () => void): void {
    // Each tick takes a new list: one that ran is not this one.
    if (due !== this.#due) return;
    const at = due.indexOf(fire);
    if (at === -1) return; // dropped already
    due.splice(at, 1);
    if (due.length > 0) return;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #tick = (): void => {
    this.#cancel = undefined;
    const due = this.#due;
    this.#due = [];
    for (const fire of due) runReporting(fire);
  };
}

/**
 * The beat servy's housekeeping shares, every 5 ms while anything waits:
 * the read gate's sweep (lib/net/deno_tcp.ts) and the access log's writes
 * (lib/http/log_buffer.ts).
 */
export const housekeeping: Beat = new Beat(5);
