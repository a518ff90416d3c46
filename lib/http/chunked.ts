/**
 * The chunked transfer coding of a request body (RFC 9112 §7.1), decoded
 * in place, one byte at a time and resumable across reads: chunk data
 * moves down over the framing, so the buffer holds the decoded body and
 * nothing of the framing that has been read.
 *
 * 1. `chunk-size [chunk-ext] CRLF chunk-data CRLF`, then `last-chunk`
 *    (1*"0"), an optional trailer section, and CRLF;
 * 2. chunk-size is 1*HEXDIG: more digits than `maxBodyBytes` needs in hex
 *    (a flood of leading zeros) → 413; a size that takes the decoded body
 *    over `maxBodyBytes` → 413 at the digit that does;
 * 3. chunk-ext is `;name[=value]` with token names and token or
 *    quoted-string values, parsed and ignored; no whitespace around `;` and
 *    `=` (BWS), as llhttp strict has it;
 * 4. trailer fields are field lines, validated like header fields and
 *    ignored; a framing field there (`Content-Length`, `Transfer-Encoding`:
 *    RFC 9110 §6.5.1 forbids sending them as trailers) → 400, as llhttp
 *    strict has it; the bytes of all extensions and trailer lines of one body
 *    (CRLFs not counted) over `maxHeaderBytes` → 413, so that neither
 *    can stream for ever;
 * 5. any other byte, a bare LF, a CR without LF, chunk data longer than its
 *    size → 400.
 *
 * @module
 */

import {
  CLASS,
  CR,
  FIELD,
  hexValue,
  HTAB,
  LF,
  QDTEXT,
  SP,
  TCHAR,
} from "./chars.ts";
import { HttpError } from "./http_error.ts";
import type { HttpLimits } from "./limits.ts";

// The states, in the order a chunk goes through them.
const SIZE_START = 0, SIZE = 1, EXT_NAME_START = 2, EXT_NAME = 3;
const EXT_VALUE_START = 4, EXT_TOKEN = 5, EXT_QUOTED = 6, EXT_PAIR = 7;
const EXT_QUOTED_END = 8, SIZE_LF = 9, DATA = 10, DATA_CR = 11, DATA_LF = 12;
const TRAILER_START = 13, TRAILER_NAME = 14, TRAILER_VALUE = 15;
const TRAILER_LF = 16, END_LF = 17, DONE = 18;

/** Fields that frame the message: never honoured, and refused, as trailers. */
const FRAMING: ReadonlySet<string> = new Set([
  "content-length",
  "transfer-encoding",
]);
const LONGEST_FRAMING = "transfer-encoding".length;

function where(state: number): string {
  if (state <= SIZE) return "a chunk size";
  if (state <= EXT_QUOTED_END) return "a chunk extension";
  if (state === SIZE_LF) return "a chunk-size line";
  if (state <= DATA_LF) return "the CRLF after chunk data";
  if (state <= TRAILER_LF) return "a trailer field";
  return "the end of the chunked body";
}

function unexpected(b: number, state: number): HttpError {
  const what = b === LF
    ? "bare LF"
    : b > 0x20 && b < 0x7f
    ? JSON.stringify(String.fromCharCode(b))
    : `byte 0x${b.toString(16).padStart(2, "0")}`;
  return new HttpError(
    400,
    `Cannot parse the chunked body: ${what} in ${where(state)}`,
  );
}

/** Decodes one chunked body after another; `reset` between them. */
export class ChunkedDecoder {
  #state = SIZE_START;
  #size = 0; // of the chunk being read, or its data still to come
  #digits = 0;
  #meta = 0; // bytes of extensions and trailers
  #name = ""; // the trailer field name so far, while it could be a framing one
  #written = 0;
  readonly #maxDigits: number;

  /** @param limits the body limit, and the header limit for the metadata */
  constructor(readonly limits: Readonly<HttpLimits>) {
    this.#maxDigits = Math.max(1, limits.maxBodyBytes.toString(16).length);
  }

  /** Starts a new body. */
  reset(): void {
    this.#state = SIZE_START;
    this.#size =
      this.#digits =
      this.#meta =
      this.#written =
        0;
    this.#name = "";
  }

  /** @returns the decoded bytes so far, at the base of the buffer */
  get written(): number {
    return this.#written;
  }

  /**
   * Decodes the bytes received so far, from where the last call stopped
   * (`base + written`: the caller drops what was consumed, see below).
   *
   * @param buf the read buffer, written over in place
   * @param base where the body starts in `buf`
   * @param end where the bytes received end
   * @returns the offset from `base` just past the chunked body when it is
   *   complete; else -1, all bytes consumed, and the caller sets its end to
   *   `base + written` before it reads more
   */
  decode(buf: Uint8Array, base: number, end: number): number {
    let state = this.#state;
    let p = base + this.#written;
    let w = p;
    while (p < end) {
      const b = buf[p];
      switch (state) {
        case SIZE_START:
        case SIZE: {
          const d = hexValue(b);
          if (d >= 0) {
            if (state === SIZE_START) this.#size = this.#digits = 0;
            this.#size = this.#size * 16 + d;
            if (++this.#digits > this.#maxDigits) throw this.#sizeFlood();
            if (w - base + this.#size > this.limits.maxBodyBytes) {
              throw this.#tooLarge();
            }
            state = SIZE;
          } else if (state === SIZE && b === 0x3b) { // ";"
            state = EXT_NAME_START;
            this.#count(1);
          } else if (state === SIZE && b === CR) state = SIZE_LF;
          else throw unexpected(b, state);
          break;
        }
        case EXT_NAME_START:
        case EXT_NAME:
        case EXT_VALUE_START:
        case EXT_TOKEN:
        case EXT_QUOTED:
        case EXT_PAIR:
        case EXT_QUOTED_END:
          state = this.#extension(state, b);
          break;
        case SIZE_LF:
          if (b !== LF) throw unexpected(b, state);
          state = this.#size === 0 ? TRAILER_START : DATA;
          break;
        case DATA: {
          const n = Math.min(this.#size, end - p);
          if (w !== p) buf.copyWithin(w, p, p + n);
          w += n;
          p += n;
          this.#size -= n;
          if (this.#size === 0) state = DATA_CR;
          continue;
        }
        case DATA_CR:
          if (b !== CR) throw unexpected(b, state);
          state = DATA_LF;
          break;
        case DATA_LF:
          if (b !== LF) throw unexpected(b, state);
          state = SIZE_START;
          break;
        case TRAILER_START:
          if (b === CR) {
            state = END_LF;
            break;
          }
          if ((CLASS[b] & TCHAR) === 0) throw unexpected(b, state);
          this.#count(1);
          this.#name = String.fromCharCode(b | 0x20);
          state = TRAILER_NAME;
          break;
        case TRAILER_NAME:
          if (b === 0x3a) { // ":"
            if (FRAMING.has(this.#name)) throw this.#framingTrailer();
            state = TRAILER_VALUE;
          } else if ((CLASS[b] & TCHAR) === 0) throw unexpected(b, state);
          else if (this.#name.length <= LONGEST_FRAMING) {
            this.#name += String.fromCharCode(b | 0x20); // ASCII lower case
          }
          this.#count(1);
          break;
        case TRAILER_VALUE:
          // OWS field-value OWS: any run of SP, HTAB and field-vchar
          if (b === CR) {
            state = TRAILER_LF;
            break;
          }
          if ((CLASS[b] & FIELD) === 0 && b !== SP && b !== HTAB) {
            throw unexpected(b, state);
          }
          this.#count(1);
          break;
        case TRAILER_LF:
          if (b !== LF) throw unexpected(b, state);
          state = TRAILER_START;
          break;
        case END_LF:
          if (b !== LF) throw unexpected(b, state);
          this.#state = DONE;
          this.#written = w - base;
          return p + 1 - base;
        default: // DONE
          return p - base;
      }
      p++;
    }
    this.#state = state;
    this.#written = w - base;
    return -1;
  }

  /** One byte of a chunk extension. @returns the next state */
  #extension(state: number, b: number): number {
    if (b !== CR) this.#count(1);
    const token = (CLASS[b] & TCHAR) !== 0;
    switch (state) {
      case EXT_NAME_START:
        if (token) return EXT_NAME;
        break;
      case EXT_NAME:
      case EXT_TOKEN:
        if (token) return state;
        if (b === 0x3d && state === EXT_NAME) return EXT_VALUE_START; // "="
        if (b === 0x3b) return EXT_NAME_START;
        if (b === CR) return SIZE_LF;
        break;
      case EXT_VALUE_START:
        if (token) return EXT_TOKEN;
        if (b === 0x22) return EXT_QUOTED;
        break;
      case EXT_QUOTED:
        if (b === 0x22) return EXT_QUOTED_END;
        if (b === 0x5c) return EXT_PAIR; // backslash
        if ((CLASS[b] & QDTEXT) !== 0) return state;
        break;
      case EXT_PAIR:
        // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
        if ((CLASS[b] & FIELD) !== 0 || b === SP || b === HTAB) {
          return EXT_QUOTED;
        }
        break;
      case EXT_QUOTED_END:
        if (b === 0x3b) return EXT_NAME_START;
        if (b === CR) return SIZE_LF;
        break;
    }
    throw unexpected(b, state);
  }

  #count(n: number): void {
    this.#meta += n;
    if (this.#meta > this.limits.maxHeaderBytes) {
      throw new HttpError(
        413,
        `The chunk extensions and trailer fields are over ${this.limits.maxHeaderBytes} bytes`,
      );
    }
  }

  #framingTrailer(): HttpError {
    return new HttpError(
      400,
      `A trailer field must not be ${
        this.#name === "content-length" ? "Content-Length" : "Transfer-Encoding"
      }`,
    );
  }

  #sizeFlood(): HttpError {
    return new HttpError(
      413,
      `A chunk size has more than the ${this.#maxDigits} hex digits that ${this.limits.maxBodyBytes} bytes need`,
    );
  }

  #tooLarge(): HttpError {
    return new HttpError(
      413,
      `The chunked body is over ${this.limits.maxBodyBytes} bytes`,
    );
  }
}
