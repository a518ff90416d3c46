/**
 * The request head on bytes, per RFC 9112's ABNF: one pass, one byte at a
 * time, resumable across reads. {@linkcode HeadParser.scan} throws
 * {@linkcode HttpError} as soon as the bytes received so far cannot begin a
 * valid head, so no bad input waits for more bytes or for a timeout. The
 * request line is request_line.ts's; then the field lines:
 *
 * 1. `token ":" OWS value OWS CRLF`: OWS is SP and HTAB; a value has
 *    VCHAR, obs-text, SP and HTAB only; whitespace before the colon, a line
 *    that starts with whitespace (obs-fold), NUL or any other CTL, a CR
 *    without LF and a bare LF → 400 (§5, §2.2);
 * 2. more than `maxHeaderBytes` from the request line to the end of the
 *    last field line → 431, at the first byte over;
 * 3. `Host`: twice → 400; missing in HTTP/1.1 → 400 (§3.2);
 * 4. `Content-Length`: OWS, 1*DIGIT, then SP only (as llhttp: a HTAB
 *    there → 400); twice, or beside `Transfer-Encoding` → 400; over
 *    `maxBodyBytes` → 413 at the digit that passes it (RFC 9110 §8.6);
 * 5. `Transfer-Encoding`: exactly `chunked` (any case), once, in HTTP/1.1
 *    only; anything else → 400 (§6.1, §6.3).
 *
 * Field values are decoded as UTF-8 (obs-text included); repeated fields
 * are joined with `", "`.
 *
 * @module
 */

import { CLASS, CR, FIELD, HTAB, LF, OBS, SP, TCHAR } from "./chars.ts";
import { type Conv, newConv } from "./conv.ts";
import * as E from "./head_errors.ts";
import { HOST, LENGTH, TRANSFER } from "./head_errors.ts";
import type { HttpError } from "./http_error.ts";
import type { HttpLimits } from "./limits.ts";
import { RequestLine } from "./request_line.ts";

// The states of the field section.
const FIELD_START = 0, NAME = 1, OWS = 2, VALUE = 3, FIELD_LF = 4;
const END_LF = 5, LENGTH_DIGITS = 6, LENGTH_TRAIL = 7, CODING = 8;
const CODING_TRAIL = 9, DONE = 10;

const CHUNKED = [0x63, 0x68, 0x75, 0x6e, 0x6b, 0x65, 0x64]; // "chunked"
const COLON = 0x3a;
const FIELDS = 4 * 32; // room for 32 fields; more grow it for one request
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true }); // a BOM is data
const latin1 = new TextDecoder("latin1"); // one character per byte

/** Parses one request head after another; `reset` between them. */
export class HeadParser {
  /** The `Content-Length`, 0 when absent. */
  contentLength = 0;
  /** Whether the body is chunked. */
  chunked = false;
  readonly #line: RequestLine;
  #state = FIELD_START;
  #pos = 0; // bytes scanned, from the base
  #lineStart = 0; // where the field line being read starts
  #index = 0; // into "chunked"
  #kind = 0; // of the field being read: HOST, LENGTH, TRANSFER or 0
  #nameStart = 0;
  #nameEnd = 0;
  #valueStart = 0;
  #valueEnd = 0;
  #fields = new Int32Array(FIELDS); // name start and end, value start and end
  #count = 0;
  #host = false;
  #length = false;
  #high = false; // obs-text seen

  /** @param limits header, target and body limits */
  constructor(readonly limits: Readonly<HttpLimits>) {
    this.#line = new RequestLine(limits);
  }

  /** Starts a new head. */
  reset(): void {
    this.#line.reset();
    this.#state = FIELD_START;
    this.#pos = this.#count = this.contentLength = 0;
    this.#host =
      this.#length =
      this.#high =
      this.chunked =
        false;
    if (this.#fields.length > FIELDS) this.#fields = new Int32Array(FIELDS);
  }

  /** @returns whether the request line has begun */
  get started(): boolean {
    return this.#line.started;
  }

  /** @returns the head's length in bytes with its final CRLF, once done */
  get length(): number {
    return this.#pos;
  }

  /**
   * Forgets the empty lines scanned before the request line, so that the
   * reader can drop them.
   *
   * @returns whether it did (the request line has not begun)
   */
  dropLeading(): boolean {
    if (this.#line.started) return false;
    this.#pos = 0;
    return true;
  }

  /**
   * Scans the bytes received so far, from where the last call stopped.
   *
   * @param buf the read buffer
   * @param base where the request starts in `buf`
   * @param end where the bytes received end
   * @returns true when the head is complete (see {@linkcode length})
   */
  scan(buf: Uint8Array, base: number, end: number): boolean {
    let p = base + this.#pos;
    const line = this.#line;
    if (!line.done) {
      p = line.scan(buf, base, p, end);
      this.#pos = p - base;
      if (!line.done) return false;
      this.#lineStart = this.#pos;
    }
    const headLimit = base + line.start + this.limits.maxHeaderBytes;
    let state = this.#state;
    // Each case consumes its byte (break), or hands it to the next state
    // (continue), or consumes a run of bytes and then the byte ending it.
    while (p < end) {
      const b = buf[p];
      switch (state) {
        case FIELD_START:
          if (b === CR) {
            state = END_LF;
            break;
          }
          if (p >= headLimit) throw E.headTooLarge();
          if ((CLASS[b] & TCHAR) === 0) {
            const fold = b === SP || b === HTAB;
            throw this.#bad(buf, base, end, fold ? "obs-fold" : b);
          }
          this.#nameStart = p - base;
          state = NAME;
          break;
        case NAME: {
          const stop = Math.min(end, headLimit);
          while (p < stop && (CLASS[buf[p]] & TCHAR) !== 0) p++;
          if (p === end) continue;
          if (p >= headLimit) throw E.headTooLarge();
          if (buf[p] !== COLON) throw this.#bad(buf, base, end, buf[p]);
          this.#nameEnd = p - base;
          this.#kind = this.#fieldName(buf, base);
          state = OWS;
          break;
        }
        case OWS:
          if (b === SP || b === HTAB) {
            if (p >= headLimit) throw E.headTooLarge();
            break;
          }
          this.#valueStart = this.#valueEnd = p - base;
          this.#index = 0;
          state = this.#kind === LENGTH
            ? LENGTH_DIGITS
            : this.#kind === TRANSFER
            ? CODING
            : VALUE;
          continue;
        case VALUE: {
          const stop = Math.min(end, headLimit);
          let last = base + this.#valueEnd;
          let seen = 0;
          for (; p < stop; p++) {
            const c = buf[p];
            const k = CLASS[c];
            if ((k & FIELD) !== 0) {
              last = p + 1;
              seen |= k;
            } else if (c !== SP && c !== HTAB) break;
          }
          this.#valueEnd = last - base;
          if ((seen & OBS) !== 0) this.#high = true;
          if (p === end) continue;
          if (buf[p] === CR) {
            this.#push();
            state = FIELD_LF;
            break;
          }
          if (p >= headLimit) throw E.headTooLarge();
          throw this.#bad(buf, base, end, buf[p]);
        }
        case LENGTH_DIGITS:
        case CODING:
          if (this.#special(state, buf, base, p, end)) {
            if (p >= headLimit) throw E.headTooLarge();
            break;
          }
          state = state === LENGTH_DIGITS ? LENGTH_TRAIL : CODING_TRAIL;
          continue;
        case LENGTH_TRAIL:
        case CODING_TRAIL:
          // After the value only SP, as llhttp has it (a HTAB → 400).
          if (b === CR) {
            this.#push();
            state = FIELD_LF;
            break;
          }
          if (b !== SP) {
            const from = base + this.#valueStart;
            throw state === LENGTH_TRAIL
              ? E.badLength(buf, from, end)
              : E.badCoding(buf, from, end);
          }
          if (p >= headLimit) throw E.headTooLarge();
          break;
        case FIELD_LF:
          if (b !== LF) throw this.#bad(buf, base, end, "CR without LF");
          this.#lineStart = p + 1 - base;
          state = FIELD_START;
          break;
        case END_LF:
          if (b !== LF) throw this.#bad(buf, base, end, "CR without LF");
          this.#state = DONE;
          this.#pos = p + 1 - base;
          if (!this.#host && line.version === "HTTP/1.1") throw E.missingHost();
          return true;
        default: // DONE
          return true;
      }
      p++;
    }
    this.#state = state;
    this.#pos = p - base;
    return false;
  }

  /**
   * One byte of a Content-Length or Transfer-Encoding value.
   *
   * @returns true if it was one, false where the value has ended
   */
  #special(
    state: number,
    buf: Uint8Array,
    base: number,
    p: number,
    end: number,
  ): boolean {
    const b = buf[p];
    const from = base + this.#valueStart;
    if (state === CODING) {
      if (this.#index === CHUNKED.length) return false;
      if ((b | 0x20) !== CHUNKED[this.#index++]) {
        throw E.badCoding(buf, from, end);
      }
    } else {
      if (b < 0x30 || b > 0x39) {
        if (p === from) throw E.badLength(buf, from, end); // no digit
        return false;
      }
      this.contentLength = this.contentLength * 10 + b - 0x30;
      const max = this.limits.maxBodyBytes;
      if (this.contentLength > max) throw E.bodyTooLarge(buf, from, end, max);
    }
    this.#valueEnd = p + 1 - base;
    return true;
  }

  /** A bad field line, or why (a reason, or the byte that made it bad). */
  #bad(
    buf: Uint8Array,
    base: number,
    end: number,
    why: string | number,
  ): HttpError {
    const reason = typeof why === "string"
      ? why
      : why === LF
      ? "bare LF"
      : undefined;
    return E.badField(buf, base + this.#lineStart, end, reason);
  }

  /** Checks a field name at its colon. @returns its kind */
  #fieldName(buf: Uint8Array, base: number): number {
    const kind = E.fieldKind(buf, base + this.#nameStart, base + this.#nameEnd);
    if (kind === HOST) {
      if (this.#host) throw E.twice("Host");
      this.#host = true;
    } else if (kind === LENGTH) {
      if (this.#length) throw E.twice("Content-Length");
      if (this.chunked) throw E.lengthAndCoding();
      this.#length = true;
    } else if (kind === TRANSFER) {
      if (this.chunked) throw E.twice("Transfer-Encoding");
      if (this.#length) throw E.lengthAndCoding();
      if (this.#line.version === "HTTP/1.0") throw E.codingInHttp10();
      this.chunked = true; // or its value throws
    }
    return kind;
  }

  #push(): void {
    const at = this.#count++ * 4;
    if (at + 4 > this.#fields.length) {
      const bigger = new Int32Array(this.#fields.length * 2);
      bigger.set(this.#fields);
      this.#fields = bigger;
    }
    const f = this.#fields;
    f[at] = this.#nameStart;
    f[at + 1] = this.#nameEnd;
    f[at + 2] = this.#valueStart;
    f[at + 3] = this.#valueEnd;
  }

  /**
   * The conv of the complete head.
   *
   * @param buf the read buffer
   * @param base where the request starts in `buf`
   * @returns the conv, with its headers and no body
   */
  toConv(buf: Uint8Array, base: number): Conv {
    const line = this.#line;
    const off = line.start;
    // ASCII only: one decode, then slices. With obs-text: one character per
    // byte, so that the offsets hold, and each value decoded as UTF-8.
    const text = (this.#high ? latin1 : utf8).decode(
      buf.subarray(base + off, base + this.#pos - 4),
    );
    const conv = newConv(line.method, line.target(text, off), line.version);
    const headers = conv.headers;
    const f = this.#fields;
    for (let at = 0; at < this.#count * 4; at += 4) {
      const name = text.slice(f[at] - off, f[at + 1] - off).toLowerCase();
      const value = this.#high
        ? utf8.decode(buf.subarray(base + f[at + 2], base + f[at + 3]))
        : text.slice(f[at + 2] - off, f[at + 3] - off);
      if (Object.hasOwn(headers, name)) {
        headers[name] = `${headers[name]}, ${value}`;
      } else if (name !== "__proto__") headers[name] = value;
      else {
        Object.defineProperty(headers, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    if (line.authEnd !== 0) {
      // RFC 9112 §3.2.2: the target's authority, not the Host field.
      const authority = text.slice(line.authStart - off, line.authEnd - off);
      headers.host = authority.slice(authority.lastIndexOf("@") + 1);
    }
    return conv;
  }

  /**
   * The head as text, without its final CRLFs (for the trace).
   *
   * @param buf the read buffer
   * @param base where the request starts in `buf`
   * @returns the head, decoded as UTF-8
   */
  headText(buf: Uint8Array, base: number): string {
    const from = base + this.#line.start;
    return utf8.decode(buf.subarray(from, base + this.#pos - 4));
  }
}
