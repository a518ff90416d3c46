/**
 * The runtime's timers (`receive ... after`, call timeouts, idle timeouts,
 * `Process.send_after`): a binary min-heap of deadlines behind a single
 * host timer armed for the earliest one. A call with the default 5 s timeout
 * costs a heap push and a flag, not a host timer.
 *
 * Within a batch of the scheduler's steps ({@linkcode Timers.batch}), a new
 * timer is only noted; the batch's end reads the clock once and starts the
 * timers still wanted from then. So a timer is never early (its `ms` count
 * from a time at or after the call), it may be late by the rest of the
 * batch (a few ms at most), and one set and cancelled in the same batch (a
 * call answered at once) costs no clock read and no heap entry.
 *
 * A callback that throws is reported to `onError` and the others due still
 * fire; the host timer is armed again for the earliest one left whatever a
 * callback (or `onError`) did.
 *
 * A cancelled timer stays in the heap until it is due or compacted away,
 * and the host timer stays armed for it, so a call answered after a wait
 * costs no host timer of its own. Once every timer in the heap is
 * cancelled and a turn of the host's event loop has passed with none
 * started, the host timer is stopped: it would hold the host process alive
 * for nothing (a script whose one `GenServer.call` was answered went on
 * for the call's 5 s timeout).
 *
 * @module
 */

import { rethrowLater } from "../sys/host_timers.ts";
import type { Clock } from "./clock.ts";

/** A pending timer; {@linkcode Timers.cancel} it to stop it firing. */
export interface Timer {
  /** When it fires; `NaN` until its batch has ended. */
  at: number;
  /** Its delay. */
  readonly ms: number;
  /** Its place among timers due at the same time: the order they were set. */
  readonly seq: number;
  /** What it runs; undefined once fired or cancelled. */
  fire: (() => void) | undefined;
}

/** A heap of timers driven by one host timer. */
export class Timers {
  #heap: Timer[] = [];
  #seq = 0;
  #cancelled = 0;
  #armedAt = Infinity;
  #handle: unknown;
  /** Set during a batch of steps: the timers it set, not yet started. */
  #noted: Timer[] | undefined;
  /** Every timer was cancelled: a host turn will tell if one started since. */
  #checking = false;

  /**
   * @param clock the time source and host timer
   * @param onError told of what a callback threw; by default it is thrown
   * again from a microtask, for the host's handler
   */
  constructor(
    readonly clock: Clock,
    readonly onError: (error: unknown) => void = rethrowLater,
  ) {}

  /**
   * Calls `fire` once, `ms` milliseconds from now, unless cancelled.
   *
   * @param ms the delay; finite and at least 0
   * @param fire what to run
   * @returns the timer
   */
  schedule(ms: number, fire: () => void): Timer {
    const noted = this.#noted;
    if (noted !== undefined) {
      const timer: Timer = { at: NaN, ms, seq: this.#seq++, fire };
      noted.push(timer);
      return timer;
    }
    return this.#start({
      at: this.clock.now() + ms,
      ms,
      seq: this.#seq++,
      fire,
    });
  }

  #start(timer: Timer): Timer {
    this.#push(timer);
    if (timer.at < this.#armedAt) this.#arm(timer.at);
    return timer;
  }

  /**
   * Runs `steps` as one batch: the timers they set start when it ends,
   * from one reading of the clock (see the module doc).
   *
   * @param steps the batch
   */
  batch(steps: () => void): void {
    if (this.#noted !== undefined) return steps(); // already in one
    const noted: Timer[] = this.#noted = [];
    try {
      steps();
    } finally {
      this.#noted = undefined;
      let now: number | undefined;
      for (const timer of noted) {
        if (timer.fire === undefined) continue; // cancelled in the batch
        now ??= this.clock.now();
        timer.at = now + timer.ms;
        this.#start(timer);
      }
    }
  }

  /** Stops a timer from firing; a fired or cancelled timer is left as it is. */
  cancel(timer: Timer): void {
    if (timer.fire === undefined) return;
    timer.fire = undefined;
    if (Number.isNaN(timer.at)) return; // noted in this batch: never started
    if (++this.#cancelled === this.#heap.length) this.#checkIdle();
    else if (this.#cancelled > 64 && this.#cancelled * 2 > this.#heap.length) {
      this.#compact();
    }
  }

  /** Every timer is cancelled: after a host turn with none started, disarm. */
  #checkIdle(): void {
    if (this.#checking) return;
    this.#checking = true;
    this.clock.afterTurn(this.#dropIfIdle);
  }

  #dropIfIdle = (): void => {
    this.#checking = false;
    // None started since: compacting leaves no timer, and disarms.
    if (this.#cancelled === this.#heap.length) this.#compact();
  };

  /** @returns how many timers are pending */
  get size(): number {
    let noted = 0;
    for (const t of this.#noted ?? []) if (t.fire !== undefined) noted++;
    return this.#heap.length - this.#cancelled + noted;
  }

  /** Cancels every timer and disarms the host timer. */
  clear(): void {
    for (const t of this.#noted ?? []) t.fire = undefined;
    for (const t of this.#heap) t.fire = undefined;
    this.#heap = [];
    this.#cancelled = 0;
    this.#disarm();
  }

  #fireDue = (): void => {
    this.#handle = undefined;
    this.#armedAt = Infinity;
    try {
      this.#fireUntil(this.clock.now());
    } finally {
      // Even if onError threw: what is left (maybe due already) fires later.
      this.#dropCancelledTop();
      if (this.#heap.length > 0) this.#arm(this.#heap[0].at);
    }
  };

  #fireUntil(now: number): void {
    while (this.#heap.length > 0 && this.#heap[0].at <= now) {
      const timer = this.#pop();
      const fire = timer.fire;
      if (fire === undefined) {
        this.#cancelled--;
        continue;
      }
      timer.fire = undefined;
      try {
        fire();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  #arm(at: number): void {
    this.#disarm();
    this.#armedAt = at;
    this.#handle = this.clock.setTimer(
      Math.max(0, at - this.clock.now()),
      this.#fireDue,
    );
  }

  #disarm(): void {
    if (this.#handle !== undefined) this.clock.clearTimer(this.#handle);
    this.#handle = undefined;
    this.#armedAt = Infinity;
  }

  #dropCancelledTop(): void {
    while (this.#heap.length > 0 && this.#heap[0].fire === undefined) {
      this.#pop();
      this.#cancelled--;
    }
    if (this.#heap.length === 0) this.#disarm();
  }

  #compact(): void {
    const live = this.#heap.filter((t) => t.fire !== undefined);
    this.#heap = [];
    this.#cancelled = 0;
    for (const t of live) this.#push(t);
    if (live.length === 0) this.#disarm();
  }

  #push(t: Timer): void {
    const h = this.#heap;
    let i = h.push(t) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  #pop(): Timer {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
