/**
 * Reads requests off a connection: gathers bytes until a head is complete,
 * then the `Content-Length` body, across as many TCP reads as it takes.
 * Pipelined requests wait in the buffer for the next call.
 *
 * @module
 */

import type { Conv } from "./conv.ts";
import type { HttpLimits } from "./limits.ts";
import { contentLength, HttpError, parseHead, withBody } from "./parser.ts";

/** Where the bytes come from: `read` as `Deno.Conn` has it. */
export interface ByteSource {
  read(buffer: Uint8Array): Promise<number | null>;
}

const decoder = new TextDecoder();
const INITIAL_BYTES = 4096; // most requests fit; the buffer grows for more

/** Reads one request after another from a {@linkcode ByteSource}. */
export class RequestReader {
  #buf = new Uint8Array(INITIAL_BYTES);
  #start = 0;
  #end = 0;
  #scanned = 0;
  /** The last request's head and body, as received (for the course's trace). */
  raw = "";

  /**
   * @param source the connection
   * @param limits header and body limits
   */
  constructor(
    readonly source: ByteSource,
    readonly limits: HttpLimits,
  ) {}

  /** @returns whether part of a request has arrived but not all of it */
  get partial(): boolean {
    return this.#end > this.#start;
  }

  /**
   * Reads the next request.
   *
   * @param keepRaw whether to keep the request text in {@linkcode raw}
   * @returns its conv, or `undefined` when the client closed between requests
   */
  async next(keepRaw = false): Promise<Conv | undefined> {
    let headEnd = this.#findHeadEnd();
    while (headEnd === -1) {
      if (this.#end - this.#start > this.limits.maxHeaderBytes) {
        throw new HttpError(431, "The request head is too large");
      }
      if (!await this.#fill()) {
        if (!this.partial) return undefined;
        throw new HttpError(400, "The request ended before its head did");
      }
      headEnd = this.#findHeadEnd();
    }
    const headBytes = headEnd - this.#start;
    if (headBytes > this.limits.maxHeaderBytes) {
      throw new HttpError(431, "The request head is too large");
    }
    const head = decoder.decode(this.#buf.subarray(this.#start, headEnd));
    const conv = parseHead(head);
    const length = contentLength(conv);
    if (length > this.limits.maxBodyBytes) {
      throw new HttpError(
        413,
        `The body is ${length} bytes; the limit is ${this.limits.maxBodyBytes}`,
      );
    }
    // Offsets from #start: reading more may move the request to the front.
    const total = headBytes + 4 + length;
    while (this.#end - this.#start < total) {
      if (!await this.#fill(total)) {
        throw new HttpError(400, "The request ended before its body did");
      }
    }
    const from = this.#start + headBytes + 4;
    const body = length === 0
      ? ""
      : decoder.decode(this.#buf.subarray(from, from + length));
    this.#start = from + length;
    this.#scanned = this.#start;
    if (this.#start === this.#end) this.#start = this.#end = this.#scanned = 0;
    if (keepRaw) this.raw = `${head}\r\n\r\n${body}`;
    return withBody(conv, body);
  }

  #findHeadEnd(): number {
    const buf = this.#buf;
    const end = this.#end;
    // A loop, not indexOf: the unread rest of the buffer is not scanned.
    for (let i = Math.max(this.#start, this.#scanned - 3); i + 3 < end; i++) {
      if (
        buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 &&
        buf[i + 3] === 10
      ) return i;
    }
    this.#scanned = end;
    return -1;
  }

  /**
   * Reads more bytes, making room first: the request in progress moves to
   * the front, and the buffer grows when `need` bytes must fit.
   *
   * @returns false at the end of the stream
   */
  async #fill(need = 0): Promise<boolean> {
    const want = Math.max(need, this.#end - this.#start + 1);
    if (want > this.#buf.length - this.#start) {
      this.#compact();
      if (want > this.#buf.length) this.#grow(want);
    }
    const n = await this.source.read(this.#buf.subarray(this.#end));
    if (n === null) return false;
    this.#end += n;
    return true;
  }

  #compact(): void {
    const shift = this.#start;
    if (shift === 0) return;
    this.#buf.copyWithin(0, shift, this.#end);
    this.#end -= shift;
    this.#scanned = Math.max(0, this.#scanned - shift);
    this.#start = 0;
  }

  #grow(size: number): void {
    const bigger = new Uint8Array(Math.max(size, this.#buf.length * 2));
    bigger.set(this.#buf.subarray(0, this.#end));
    this.#buf = bigger;
  }
}
