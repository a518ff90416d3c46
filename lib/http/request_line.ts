/**
 * The request line on bytes (RFC 9112 §2.2, §3), one byte at a time and
 * resumable across reads; the first part of {@linkcode HeadParser}'s scan.
 * It throws at the first byte that makes the line bad:
 *
 * 1. empty lines (CRLF) before the request line are skipped (§2.2); a bare
 *    LF or CR there → 400;
 * 2. `method SP request-target SP HTTP-version CRLF`, one SP each (§3); a
 *    method that no implemented method begins with → 501 at its first byte
 *    that rules them all out (methods.ts); other bytes → 400;
 * 3. origin-form `/path?query` of visible ASCII but `#` (§3.2.1);
 *    absolute-form `scheme://authority[/path][?query]`, its path and query
 *    taken (`"/"` when absent) and its authority as `Host` (§3.2.2), an
 *    empty authority → 400; `*` for OPTIONS only (§3.2.4); anything else,
 *    authority-form included, → 400;
 * 4. a target longer than `maxTargetBytes` → 414, while it still arrives;
 * 5. `HTTP/1.0` and `HTTP/1.1`; `HTTP/1.x`, x ≥ 2, is served as 1.1
 *    (§2.3); any other `HTTP/d.d` → 505;
 * 6. the line counts toward `maxHeaderBytes`, judged at its end (→ 431), so
 *    that a long target gets its 414 first.
 *
 * @module
 */

import {
  AUTHORITY,
  CLASS,
  CR,
  LF,
  SCHEME,
  SP,
  TARGET,
  TCHAR,
} from "./chars.ts";
import * as E from "./head_errors.ts";
import type { HttpLimits } from "./limits.ts";
import {
  ALL_METHODS,
  LONGEST_METHOD,
  methodEnding,
  methodPrefix,
} from "./methods.ts";

// The states, in the order a request line goes through them.
const LEADING = 0, LEADING_LF = 1, METHOD = 2, TARGET_START = 3, PATH = 4;
const SCHEME_NAME = 5, SLASH_1 = 6, SLASH_2 = 7, AUTHORITY_PART = 8;
const ASTERISK = 9, VERSION = 10, MAJOR = 11, DOT = 12, MINOR = 13;
const LINE_CR = 14, LINE_LF = 15, DONE = 16;

const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"
const SLASH = 0x2f, STAR = 0x2a, QUESTION = 0x3f, COLON = 0x3a;

/** Parses one request line after another; `reset` between them. */
export class RequestLine {
  /** The method, one of `METHODS`. */
  method = "";
  /** `"HTTP/1.0"` or `"HTTP/1.1"`. */
  version = "";
  /** Where the line starts, from the base (after empty lines). */
  start = 0;
  /** Where the target starts and ends, from the base. */
  targetStart = 0;
  targetEnd = 0;
  /** Where an absolute-form target's authority starts and ends; end 0: none. */
  authStart = 0;
  authEnd = 0;
  #state = LEADING;
  #cands = 0; // the methods that the method so far begins
  #index = 0; // into "HTTP/"
  #major = 0;

  /** @param limits the target and header limits */
  constructor(readonly limits: Readonly<HttpLimits>) {}

  /** Starts a new line. */
  reset(): void {
    this.#state = LEADING;
    this.start = this.authEnd = 0;
  }

  /** @returns whether the line has begun (past the empty lines) */
  get started(): boolean {
    return this.#state > LEADING_LF;
  }

  /** @returns whether the line has ended, its LF included */
  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Scans the bytes received so far.
   *
   * @param buf the read buffer
   * @param base where the request starts in `buf`
   * @param p where to go on from
   * @param end where the bytes received end
   * @returns where it stopped: past the line's LF when {@linkcode done}
   */
  scan(buf: Uint8Array, base: number, p: number, end: number): number {
    const { maxTargetBytes } = this.limits;
    let state = this.#state;
    // Each case consumes its byte (break), or hands it to the next state
    // (continue), or consumes a run of bytes and then the byte ending it.
    while (p < end) {
      const b = buf[p];
      switch (state) {
        case LEADING:
          if (b === CR) {
            state = LEADING_LF;
            break;
          }
          if (b === LF) throw this.#bad(buf, base, end, "bare LF");
          this.start = p - base;
          this.#cands = ALL_METHODS;
          state = METHOD;
          continue;
        case LEADING_LF:
          if (b !== LF) throw this.#bad(buf, base, end, "CR without LF");
          state = LEADING;
          break;
        case METHOD:
          if (this.#method(buf, base, p, end)) state = TARGET_START;
          break;
        case TARGET_START:
          this.targetStart = p - base;
          if (b === STAR) {
            if (this.method !== "OPTIONS") {
              throw this.#bad(buf, base, end, "* is for OPTIONS only");
            }
            state = ASTERISK;
            break;
          }
          if (b === SLASH) state = PATH;
          else if ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) {
            state = SCHEME_NAME;
          } else throw this.#bad(buf, base, end);
          continue;
        case PATH: {
          const stop = Math.min(end, base + this.targetStart + maxTargetBytes);
          while (p < stop && (CLASS[buf[p]] & TARGET) !== 0) p++;
          if (p === end) continue;
          const c = buf[p];
          if ((CLASS[c] & TARGET) !== 0) throw E.targetTooLong(maxTargetBytes);
          if (c !== SP) {
            throw this.#bad(buf, base, end, c === LF ? "bare LF" : undefined);
          }
          this.targetEnd = p - base;
          this.#index = 0;
          state = VERSION;
          break;
        }
        case SCHEME_NAME:
        case SLASH_1:
        case SLASH_2:
          if (p - base - this.targetStart >= maxTargetBytes) {
            throw E.targetTooLong(maxTargetBytes);
          }
          if (state === SCHEME_NAME && b === COLON) state = SLASH_1;
          else if (state === SCHEME_NAME && (CLASS[b] & SCHEME) !== 0) break;
          else if (state !== SCHEME_NAME && b === SLASH) {
            state = state === SLASH_1 ? SLASH_2 : AUTHORITY_PART;
            this.authStart = p + 1 - base;
          } else throw this.#bad(buf, base, end);
          break;
        case AUTHORITY_PART: {
          const stop = Math.min(end, base + this.targetStart + maxTargetBytes);
          while (p < stop && (CLASS[buf[p]] & AUTHORITY) !== 0) p++;
          if (p === end) continue;
          const c = buf[p];
          if (c !== SP && c !== SLASH && c !== QUESTION) {
            if ((CLASS[c] & AUTHORITY) === 0) throw this.#bad(buf, base, end);
            throw E.targetTooLong(maxTargetBytes);
          }
          this.authEnd = p - base;
          if (this.authEnd === this.authStart) {
            throw this.#bad(buf, base, end, "no host in the target");
          }
          state = PATH; // which ends at this SP, or takes this "/" or "?"
          continue;
        }
        case ASTERISK:
          if (b !== SP) throw this.#bad(buf, base, end);
          this.targetEnd = p - base;
          this.#index = 0;
          state = VERSION;
          break;
        case VERSION:
        case MAJOR:
        case DOT:
        case MINOR:
          state = this.#version(state, buf, base, p, end);
          break;
        case LINE_CR:
          if (b !== CR) {
            throw this.#bad(buf, base, end, b === LF ? "bare LF" : undefined);
          }
          if (p - base - this.start > this.limits.maxHeaderBytes) {
            throw E.headTooLarge();
          }
          state = LINE_LF;
          break;
        case LINE_LF:
          if (b !== LF) throw this.#bad(buf, base, end, "CR without LF");
          this.#state = DONE;
          return p + 1;
      }
      p++;
    }
    this.#state = state;
    return p;
  }

  /** One byte of the method. @returns whether the method has ended */
  #method(buf: Uint8Array, base: number, p: number, end: number): boolean {
    const b = buf[p];
    const i = p - base - this.start;
    if (b === SP) {
      this.method = i <= LONGEST_METHOD ? methodEnding(this.#cands, i) : "";
      if (this.method !== "") return true;
      if (i === 0) throw this.#bad(buf, base, end);
      throw E.notImplemented(buf, base + this.start, end);
    }
    if ((CLASS[b] & TCHAR) === 0) throw this.#bad(buf, base, end);
    this.#cands = i < LONGEST_METHOD ? methodPrefix(this.#cands, i, b) : 0;
    if (this.#cands === 0) throw E.notImplemented(buf, base + this.start, end);
    return false;
  }

  /** One byte of `HTTP/d.d`. @returns the next state */
  #version(
    state: number,
    buf: Uint8Array,
    base: number,
    p: number,
    end: number,
  ): number {
    const b = buf[p];
    const digit = b >= 0x30 && b <= 0x39;
    if (state === VERSION && b === HTTP_SLASH[this.#index]) {
      return ++this.#index === HTTP_SLASH.length ? MAJOR : VERSION;
    }
    if (state === MAJOR && digit) {
      this.#major = b - 0x30;
      return DOT;
    }
    if (state === DOT && b === 0x2e) return MINOR;
    if (state !== MINOR || !digit) throw this.#bad(buf, base, end);
    if (this.#major !== 1) throw E.versionNotSupported(this.#major, b - 0x30);
    this.version = b === 0x30 ? "HTTP/1.0" : "HTTP/1.1";
    return LINE_CR;
  }

  #bad(buf: Uint8Array, base: number, end: number, reason?: string) {
    return E.badLine(buf, base + this.start, end, reason);
  }

  /**
   * The target to route: the origin-form as sent, absolute-form's path and
   * query (`"/"` when it has no path), or `"*"`.
   *
   * @param text the head as text, one character per byte
   * @param off where `text` starts, from the base
   * @returns the target
   */
  target(text: string, off: number): string {
    if (this.authEnd === 0) {
      return text.slice(this.targetStart - off, this.targetEnd - off);
    }
    const rest = text.slice(this.authEnd - off, this.targetEnd - off);
    return rest[0] === "/" ? rest : `/${rest}`;
  }
}
