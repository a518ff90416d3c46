/**
 * Helpers of the request reader's tests: streams of bytes handed out read
 * by read, and what a reader makes of them.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  type ByteSource,
  type Conv,
  DEFAULT_LIMITS,
  HttpError,
  type HttpLimits,
  RequestReader,
} from "../../lib/http/mod.ts";

/** One byte per character: "\x80" is the byte 0x80, not UTF-8. */
export function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Thrown by a stalling source: the reader asked for bytes it did not need. */
export const STALLED = new Error("the reader waited for more bytes");

/** How {@linkcode source} hands out its bytes. */
export interface Delivery {
  /** At most this many bytes a read (default: all there is). */
  step?: number;
  /** At the end, throw {@linkcode STALLED} instead of ending the stream. */
  stall?: boolean;
  /** Offsets where a read ends, whatever the step. */
  cuts?: number[];
}

/**
 * Hands out `data` read by read, cut at `cuts` and `step` bytes at a time;
 * then ends the stream, or, with `stall`, throws {@linkcode STALLED} as a
 * client that sends nothing more would leave the reader waiting.
 */
export function source(data: Uint8Array, options: Delivery = {}): ByteSource {
  const { step = Infinity, stall = false, cuts = [] } = options;
  let at = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (at >= data.length) {
        return stall ? Promise.reject(STALLED) : Promise.resolve(null);
      }
      const cut = cuts.find((c) => c > at) ?? data.length;
      const n = Math.min(step, buffer.length, cut - at);
      buffer.set(data.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

/** How a test names an accepted request. */
export type Describe = (conv: Conv) => string;

/** Options of {@linkcode outcomes} and {@linkcode check}. */
export interface Reading extends Delivery {
  limits?: Partial<HttpLimits>;
  describe: Describe;
}

/**
 * What a reader makes of a stream: each request, then `"end"`, the
 * status it threw, or `"stalled"`.
 */
export async function outcomes(
  data: Uint8Array,
  options: Reading,
): Promise<string[]> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const reader = new RequestReader(source(data, options), limits);
  const out: string[] = [];
  try {
    for (;;) {
      const conv = await reader.next();
      if (conv === undefined) return [...out, "end"];
      out.push(options.describe(conv));
    }
  } catch (e) {
    if (e === STALLED) return [...out, "stalled"];
    if (e instanceof HttpError) return [...out, String(e.status)];
    throw e;
  }
}

/**
 * Checks a stream's outcomes, delivered in one read and a byte at a time,
 * each ending with the end of the stream and with a stall: a bad request
 * must be decided from the bytes that make it bad, never wait for more.
 */
export async function check(
  input: string | Uint8Array,
  expected: string[],
  options: { limits?: Partial<HttpLimits>; describe: Describe },
): Promise<void> {
  const data = typeof input === "string" ? bytes(input) : input;
  const name = JSON.stringify(typeof input === "string" ? input : "<bytes>")
    .slice(0, 120);
  const stalled = expected.at(-1) === "end"
    ? [...expected.slice(0, -1), "stalled"]
    : expected;
  for (const step of [Infinity, 1]) {
    const reading = { ...options, step };
    assert.deepEqual(await outcomes(data, reading), expected, name);
    assert.deepEqual(
      await outcomes(data, { ...reading, stall: true }),
      stalled,
      `${name}, stalled`,
    );
  }
}
