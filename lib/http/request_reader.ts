/**
 * Reads requests off a connection: scans each read's bytes for the head as
 * they arrive (head_parser.ts, which throws at the first byte that makes
 * the request bad), then reads the `Content-Length` body or decodes the
 * chunked one (chunked.ts). Pipelined requests wait in the buffer for the
 * next call.
 *
 * Memory: the buffer starts at 4 KiB and grows only as one request needs,
 * to at most about `max(maxHeaderBytes, maxBodyBytes)` + 4 KiB (the head
 * is dropped once parsed, chunk framing once decoded); it goes back to
 * 4 KiB when a request is done.
 *
 * @module
 */

import { ChunkedDecoder } from "./chunked.ts";
import type { Conv } from "./conv.ts";
import { HeadParser } from "./head_parser.ts";
import { HttpError } from "./http_error.ts";
import type { HttpLimits } from "./limits.ts";
import { withBody } from "./parser.ts";

/** Where the bytes come from: `read` as `Deno.Conn` has it. */
export interface ByteSource {
  /** Reads into `buffer`; resolves to the count, or `null` at the end. */
  read(buffer: Uint8Array): Promise<number | null>;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // a BOM is data
const INITIAL_BYTES = 4096; // most requests fit; the buffer grows for more

/** Reads one request after another from a {@linkcode ByteSource}. */
export class RequestReader {
  #buf = new Uint8Array(INITIAL_BYTES);
  #start = 0;
  #end = 0;
  #inRequest = false;
  readonly #head: HeadParser;
  #chunked: ChunkedDecoder | undefined;
  readonly #maxBytes: number;
  /** The last request's head and body, as received (for the course's trace). */
  raw = "";

  /**
   * A reader of `source`, before its first request.
   *
   * @param source the connection
   * @param limits header, target and body limits
   */
  constructor(
    readonly source: ByteSource,
    readonly limits: HttpLimits,
  ) {
    this.#head = new HeadParser(limits);
    this.#maxBytes = Math.max(limits.maxHeaderBytes + 8, limits.maxBodyBytes) +
      INITIAL_BYTES;
  }

  /** Whether part of a request has arrived but not all of it. */
  get partial(): boolean {
    return this.#inRequest || this.#end > this.#start;
  }

  /** The size of the read buffer now, in bytes. */
  get bufferBytes(): number {
    return this.#buf.length;
  }

  /**
   * Reads the next request.
   *
   * @param keepRaw whether to keep the request text in {@linkcode raw}
   * @returns its conv, or `undefined` when the client closed between requests
   */
  async next(keepRaw = false): Promise<Conv | undefined> {
    const head = this.#head;
    head.reset();
    this.raw = ""; // not held while the connection idles
    while (!this.#scanHead()) {
      if (!await this.#fill()) {
        if (!this.partial) return undefined;
        throw new HttpError(400, "The request ended before its head did");
      }
    }
    const conv = head.toConv(this.#buf, this.#start);
    const text = keepRaw ? head.headText(this.#buf, this.#start) : "";
    this.#start += head.length; // the head is no longer needed
    // Most requests have no body: no call, no promise for one.
    const body = head.chunked
      ? await this.#chunkedBody()
      : head.contentLength === 0
      ? ""
      : await this.#lengthBody(head.contentLength);
    if (keepRaw) this.raw = `${text}\r\n\r\n${body}`;
    this.#done();
    return withBody(conv, body);
  }

  #scanHead(): boolean {
    const head = this.#head;
    if (this.#end > this.#start) {
      if (head.scan(this.#buf, this.#start, this.#end)) {
        this.#inRequest = true; // until its body is read too
        return true;
      }
      // Empty lines before a request line are dropped as they come.
      if (head.dropLeading()) this.#start = this.#end;
    }
    this.#inRequest = head.started;
    return false;
  }

  async #lengthBody(length: number): Promise<string> {
    while (this.#end - this.#start < length) {
      if (!await this.#fill(length)) {
        throw new HttpError(400, "The request ended before its body did");
      }
    }
    const from = this.#start;
    this.#start += length;
    return length === 0
      ? ""
      : decoder.decode(this.#buf.subarray(from, from + length));
  }

  async #chunkedBody(): Promise<string> {
    const chunked = this.#chunked ??= new ChunkedDecoder(this.limits);
    chunked.reset();
    for (;;) {
      const end = chunked.decode(this.#buf, this.#start, this.#end);
      if (end !== -1) {
        const from = this.#start;
        this.#start += end;
        return decoder.decode(
          this.#buf.subarray(from, from + chunked.written),
        );
      }
      this.#end = this.#start + chunked.written; // the framing is consumed
      if (!await this.#fill()) {
        throw new HttpError(400, "The request ended before its body did");
      }
    }
  }

  /** A request is done: the buffer goes back to its small size. */
  #done(): void {
    this.#inRequest = false;
    const rest = this.#end - this.#start;
    if (rest === 0) this.#start = this.#end = 0;
    if (this.#buf.length > INITIAL_BYTES && rest <= INITIAL_BYTES) {
      const small = new Uint8Array(INITIAL_BYTES);
      small.set(this.#buf.subarray(this.#start, this.#end));
      this.#buf = small;
      this.#start = 0;
      this.#end = rest;
    }
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
    // An empty buffer (between keep-alive requests) is read into as it is.
    const end = this.#end;
    const n = await this.source.read(
      end === 0 ? this.#buf : this.#buf.subarray(end),
    );
    if (n === null) return false;
    this.#end += n;
    return true;
  }

  #compact(): void {
    const shift = this.#start;
    if (shift === 0) return;
    this.#buf.copyWithin(0, shift, this.#end);
    this.#end -= shift;
    this.#start = 0;
  }

  /** Doubles, to no more than one request can need (the parsers throw first). */
  #grow(size: number): void {
    const to = Math.max(size, Math.min(this.#buf.length * 2, this.#maxBytes));
    const bigger = new Uint8Array(to);
    bigger.set(this.#buf.subarray(0, this.#end));
    this.#buf = bigger;
  }
}
