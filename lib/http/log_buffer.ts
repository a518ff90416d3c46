/**
 * A bounded, batched, asynchronous line writer: what the access log
 * writes through, so that a request never costs a write of its own.
 *
 * 1. {@linkcode LogBuffer.line} encodes the line into a reused buffer
 *    (`encodeInto`, no allocation) and returns at once.
 * 2. One write per batch, at most one a beat: the first line into an
 *    empty buffer schedules a write at the next tick of a shared 5 ms
 *    beat (lib/sys/beat.ts), of every line logged until then; while that
 *    write is in flight, lines gather in a second buffer, written at the
 *    first tick after the write is done. At most one write is in flight,
 *    so the lines reach the device in the order they were logged. Under
 *    load that is at most 200 writes a second, however many requests.
 *    (Writes as soon as the last was done came to about 600 a second
 *    under keep-alive load on Deno, and `--cpu-prof` gave them 0.4–0.85
 *    µs of each request; on the beat, 0.15.)
 * 3. Overload, as Elixir's Logger protects itself (`:discard_threshold`):
 *    when the device is slower than the lines, the buffer fills up to
 *    `maxBytes` and the lines that do not fit are discarded and counted;
 *    once there is room again, a line says how many were
 *    (`Attempted to log N messages, which is above :discard_threshold`),
 *    before the lines logged after it. Memory stays at two buffers of
 *    `maxBytes`, whatever the device does. (Elixir's console backend
 *    blocks the caller instead, above `max_buffer`; a request must never
 *    wait for a terminal, so servy takes Logger's choice: discard.)
 * 4. {@linkcode LogBuffer.flush} resolves once every line logged before
 *    it is written; {@linkcode LogBuffer.flushSync} writes what is still
 *    buffered at once, for the exit paths where no promise will settle
 *    (`unload`, an uncaught error). A batch whose write is in flight at
 *    that moment is already the host's; it may land after the rest.
 * 5. A write that fails (the device closed) discards its batch, counted
 *    as discarded lines; later lines are still tried.
 *
 * @module
 */

import { housekeeping } from "../sys/beat.ts";
import type { CancelTimer } from "../sys/host_timers.ts";

/** Where the lines go: a file, a pipe, a terminal (lib/sys). */
export interface OutputDevice {
  /** Writes some of `data`. @returns how many bytes were written */
  write(data: Uint8Array): Promise<number>;
  /** Writes some of `data` now, blocking. @returns how many bytes */
  writeSync(data: Uint8Array): number;
}

/** Options of {@linkcode LogBuffer}. */
export interface LogBufferOptions {
  /** Bytes that may wait in each of the two buffers (default 1 MiB). */
  maxBytes?: number;
  /**
   * The line that reports discarded lines, without its newline; default
   * Logger's warning text, without a time stamp.
   */
  discarded?: (count: number) => string;
  /**
   * The beat the writes start on: `next(fire)` runs `fire` at its next
   * tick and returns what cancels it (default: servy's shared 5 ms beat,
   * lib/sys/beat.ts).
   */
  beat?: { next(fire: () => void): () => void };
}

/** The default bound: 1 MiB of lines waiting, about 30,000 access lines. */
export const MAX_LOG_BYTES = 1 << 20;

/** Room kept in each buffer for the discard report. */
const REPORT_ROOM = 256;
const NEWLINE = 10;
const encoder = new TextEncoder();

/** Logger's warning when it leaves discard mode (Elixir 1.14). */
export function discardedReport(count: number): string {
  return `[warning] Attempted to log ${count} messages, which is above :discard_threshold`;
}

/** Lines in, batched writes out; see the module's doc. */
export class LogBuffer {
  readonly #device: OutputDevice;
  readonly #discarded: (count: number) => string;
  readonly #beat: NonNullable<LogBufferOptions["beat"]>;
  #pending: Uint8Array;
  #spare: Uint8Array;
  #length = 0;
  #lines = 0;
  #dropped = 0;
  /** A line was discarded since the last swap: discard mode. */
  #full = false;
  #writing: Promise<void> | undefined;
  #timer: CancelTimer | undefined;
  /** Lines discarded since the buffer was made, reported or not. */
  discardedTotal = 0;
  /** Writes started (batches). */
  writes = 0;

  /**
   * An empty buffer in front of `device`.
   *
   * @param device where the lines go
   * @param options the bound and the discard report
   */
  constructor(device: OutputDevice, options: LogBufferOptions = {}) {
    const max = Math.max(options.maxBytes ?? MAX_LOG_BYTES, REPORT_ROOM * 2);
    this.#device = device;
    this.#discarded = options.discarded ?? discardedReport;
    this.#beat = options.beat ?? housekeeping;
    this.#pending = new Uint8Array(max);
    this.#spare = new Uint8Array(max);
  }

  /** The bytes waiting for a write (not counting one in flight). */
  get bufferedBytes(): number {
    return this.#length;
  }

  /**
   * Logs one line (a newline is added); never blocks, never throws.
   *
   * @param text the line, without its newline
   */
  line(text: string): void {
    // Out of discard mode (a fresh buffer): say so before the next line.
    if (this.#dropped > 0 && !this.#full) this.#report();
    const buf = this.#pending;
    const end = buf.length - REPORT_ROOM;
    // A line is at most 3 bytes a UTF-16 unit: when even that fits, the
    // encoder needs no check of its own.
    if (this.#length + text.length * 3 + 1 > end) {
      if (!this.#fits(text, end)) return this.#drop();
    } else {
      this.#length += encoder.encodeInto(text, buf.subarray(this.#length))
        .written;
    }
    buf[this.#length++] = NEWLINE;
    this.#lines++;
    if (this.#writing === undefined) this.#schedule();
  }

  /**
   * Writes what is buffered.
   *
   * @returns once every line logged before the call has been written
   */
  async flush(): Promise<void> {
    this.#report();
    while (this.#writing !== undefined || this.#length > 0) {
      if (this.#writing === undefined) this.#start();
      await this.#writing;
    }
  }

  /** Writes what is buffered now, blocking: for the exit paths. */
  flushSync(): void {
    this.#cancelTimer();
    this.#report(); // lines discarded and not yet said so
    const data = this.#pending.subarray(0, this.#length);
    this.#length = this.#lines = 0;
    try {
      for (let at = 0; at < data.length;) {
        at += this.#device.writeSync(data.subarray(at));
      }
    } catch {
      // the device is gone: nothing left to tell
    }
  }

  /** Encodes near the end of the buffer. @returns false if it does not fit */
  #fits(text: string, end: number): boolean {
    const room = this.#pending.subarray(this.#length, end);
    const { read, written } = encoder.encodeInto(text, room);
    if (read < text.length || written === room.length) return false;
    this.#length += written;
    return true;
  }

  #drop(): void {
    this.#full = true;
    this.#dropped++;
    this.discardedTotal++;
  }

  /** The next write waits for the beat's next tick. */
  #schedule(): void {
    this.#timer ??= this.#beat.next(this.#tick);
  }

  #tick = (): void => {
    this.#timer = undefined;
    if (this.#writing === undefined && this.#length > 0) this.#start();
  };

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#timer();
    this.#timer = undefined;
  }

  /** Swaps the buffers and writes the full one; the next follows it. */
  #start(): void {
    this.#cancelTimer();
    const data = this.#pending.subarray(0, this.#length);
    const lines = this.#lines;
    [this.#pending, this.#spare] = [this.#spare, this.#pending];
    this.#length = this.#lines = 0;
    this.#full = false;
    this.writes++;
    this.#writing = this.#writeAll(data, lines).then(() => {
      this.#writing = undefined;
      if (this.#length > 0) this.#schedule();
    });
  }

  async #writeAll(data: Uint8Array, lines: number): Promise<void> {
    try {
      for (let at = 0; at < data.length;) {
        at += await this.#device.write(data.subarray(at));
      }
    } catch {
      this.#dropped += lines;
      this.discardedTotal += lines;
    }
  }

  /** Puts the discard report, if any is due, into the pending buffer. */
  #report(): void {
    if (this.#dropped === 0) return;
    const text = this.#discarded(this.#dropped);
    const buf = this.#pending;
    const room = buf.subarray(this.#length, buf.length - 1);
    const { read, written } = encoder.encodeInto(text, room);
    if (read < text.length) return; // a report too long for its room: later
    this.#dropped = 0;
    this.#length += written;
    buf[this.#length++] = NEWLINE;
    this.#lines++;
  }
}
