/**
 * One HTTP/1.1 connection, served by its own process, which owns the
 * socket as a port: the socket closes when the process exits, however it
 * exits. Every deadline runs on the runtime's clock (connection_table.ts).
 *
 * 1. Requests are read, handled and answered one after another
 *    (keep-alive and pipelining); `Connection: close` or HTTP/1.0 without
 *    `keep-alive` ends the connection after the response. The next request
 *    is read only once the response before it has been written, so at most
 *    one request is processed ahead of what the socket accepted, and the
 *    unread rest of a pipeline waits in the kernel's buffers, not in
 *    servy's memory.
 * 2. Bad input gets its 4xx/5xx answer (see parser.ts), then a lingering
 *    close (RFC 9112 §9.6): the connection half-closes and discards what
 *    the client still sends, until it closes or for at most `lingerMs`, so
 *    that the client reads the answer instead of a reset.
 * 3. A client idle between requests past `idleTimeoutMs` is closed; one
 *    that stalls inside a request gets 408 (slowloris), and a lingering
 *    close.
 * 4. A write that makes no progress for `writeTimeoutMs` (a client that
 *    never reads) closes the connection.
 * 5. A handler that crashes kills the process, which the runtime logs like
 *    any crash; the client gets 500 if no response bytes were sent yet. A
 *    request cut off instead (the process killed or shut down, or stopped
 *    without a raise while the table drains: the drain's time is over)
 *    gets 503 with `Connection: close`.
 * 6. `HEAD` reaches the handler as `HEAD`, and the response omits the body.
 *
 * @module
 */

import { type Clock, isCrash, isQuiet, type Self } from "../actor/mod.ts";
import type { ConnectionTable, Entry, Phase } from "./connection_table.ts";
import type { Conv } from "./conv.ts";
import { closeQuietly, discard, errorResponse } from "./last_answer.ts";
import { HttpError } from "./parser.ts";
import { type ByteSource, RequestReader } from "./request_reader.ts";
import { formatResponse, httpDate } from "./response.ts";

/** The socket as the connection sees it. */
export interface Socket extends ByteSource {
  /** Writes some of `data`; resolves to how many bytes went out. */
  write(data: Uint8Array): Promise<number>;
  /** Half-closes: sends FIN after what was written, keeps reading. */
  closeWrite(): Promise<void>;
  /** Closes both ways at once. */
  close(): void;
}

/** What runs a request: a conv now, or a process step that yields one. */
export type Handler = (
  self: Self,
  conv: Conv,
) => Conv | AsyncGenerator<unknown, Conv, unknown>;

/** Hooks that see each exchange as text (the course's console lines). */
export interface Trace {
  /** Told each request, as received. */
  request(text: string): void;
  /** Told each response, as sent. */
  response(text: string): void;
}

/** Options of {@linkcode serveConnection}. */
export interface ConnectionOptions {
  /** Runs each request. */
  handler: Handler;
  /** The server's connections: limits, deadlines, the drain. */
  table: ConnectionTable;
  /** The `Server` header. */
  server: string;
  /** Sees each exchange as text, when given. */
  trace?: Trace;
}

const encoder = new TextEncoder();
/** The reused response buffer: most responses (heads, small pages) fit. */
const RESPONSE_BUFFER_BYTES = 4096;
const END: Promise<null> = Promise.resolve(null);

/**
 * The body of a connection's process.
 *
 * @param self the connection's process
 * @param socket the accepted socket, which the process comes to own
 * @param options handler, table and hooks
 */
export async function* serveConnection(
  self: Self,
  socket: Socket,
  options: ConnectionOptions,
): AsyncGenerator<unknown, void, unknown> {
  const { table, trace } = options;
  const c = new ConnectionState(self, socket, options);
  const { entry, reader } = c;
  self.openPort(c.exited);
  // The clock's time while nothing has waited since it was read: the
  // idle deadline counts from the response's, when it went out at once.
  let now: number | undefined;
  for (;;) {
    entry.reading(now);
    let conv: Conv | undefined;
    try {
      conv = await reader.next(trace !== undefined);
    } catch (e) {
      if (c.stopped) return await c.finishLate();
      if (e instanceof HttpError) await c.refuse(e.status, e.message);
      return; // also: the socket closed under the read
    }
    if (c.stopped) return await c.finishLate();
    if (conv === undefined) return;
    entry.busy();
    trace?.request(reader.raw);
    c.inHand = conv;
    const head = conv.method === "HEAD";
    // `let`s, cleared below: the generator's frame would otherwise hold the
    // last request (its body up to 1 MiB) while the connection idles.
    let routed: ReturnType<Handler> | undefined = options.handler(self, conv);
    let done: Conv | undefined =
      routed instanceof Object && Symbol.asyncIterator in routed
        ? yield* routed
        : routed as Conv;
    const close = table.draining || !keepAlive(conv);
    now = c.clock.now(); // one reading for the Date, the write and the idle deadline
    const text = formatResponse(done, {
      date: httpDate(c.clock, now),
      server: options.server,
      connection: close
        ? "close"
        : conv.version === "HTTP/1.0"
        ? "keep-alive"
        : undefined,
      omitBody: head,
    });
    conv = routed = done = undefined;
    c.inHand = undefined;
    const wrote = await c.write(text, now);
    if (wrote === false) return;
    now = wrote;
    trace?.response(text);
    if (close) return;
  }
}

/** A connection's state beside its process's body. */
class ConnectionState implements ByteSource {
  readonly reader: RequestReader;
  readonly entry: Entry;
  readonly clock: Clock;
  /** The `Server` header of its error answers. */
  readonly server: string;
  /** The request read and not answered yet. */
  inHand: Conv | undefined;
  /** Set when a deadline ended the reading: no more requests. */
  stopped = false;
  /** The 408 sent from outside the body while its read was pending. */
  #late: Promise<boolean> | undefined;
  /** The responses' bytes, reused: made at the second response. */
  #out: Uint8Array | undefined;
  #answered = false;

  constructor(
    readonly self: Self,
    readonly socket: Socket,
    readonly options: ConnectionOptions,
  ) {
    this.clock = self.clock;
    this.server = options.server;
    this.reader = new RequestReader(this, options.table.limits);
    this.entry = options.table.add(self, this.#expire);
  }

  /** The reader's reads; none once the connection has stopped reading. */
  read(buffer: Uint8Array): Promise<number | null> {
    return this.stopped ? END : this.socket.read(buffer);
  }

  /**
   * Writes all of `text`, encoded into the connection's own buffer when it
   * fits (a response is written whole before the next is encoded).
   *
   * @param text the response
   * @param now the clock's time, if just read
   * @returns false when the client has gone; else `now` if the socket took
   *   all of `text` at once, undefined if it had to wait
   */
  async write(text: string, now?: number): Promise<number | undefined | false> {
    const data = this.#encode(text);
    try {
      for (let at = 0; at < data.length;) {
        this.entry.writing(now); // no progress for writeTimeoutMs: closed
        at += await this.socket.write(at === 0 ? data : data.subarray(at));
        if (at < data.length) now = undefined; // it waited: read the clock
      }
      return now;
    } catch {
      return false;
    }
  }

  #encode(text: string): Uint8Array {
    // At most 3 bytes a UTF-16 unit: what fits surely fits, with no check.
    // The first response is encoded on its own: a connection that closes
    // after it (`Connection: close`) never takes a 4 KiB buffer. That host
    // memory, 4 KiB a connection, set off most of V8's full GCs under close
    // load (31 in 3 s, against 8 without it).
    if (text.length * 3 > RESPONSE_BUFFER_BYTES || !this.#answered) {
      this.#answered = true;
      return encoder.encode(text);
    }
    const buf = this.#out ??= new Uint8Array(RESPONSE_BUFFER_BYTES);
    // `encodeInto` is a fast op: 73-100 ns for a 150-byte head, against
    // 200-250 ns for copying its char codes in a loop.
    return buf.subarray(0, encoder.encodeInto(text, buf).written);
  }

  /** Answers bad input, then closes lingering. */
  async refuse(status: number, message: string): Promise<void> {
    const text = errorResponse(status, message, this);
    if (await this.#halfClose(text)) await discard(this.socket);
  }

  /** After a deadline stopped the reading: the 408's lingering close. */
  async finishLate(): Promise<void> {
    if (await this.#late) await discard(this.socket);
  }

  /** Writes the last answer and half-closes. @returns whether it could */
  async #halfClose(text: string): Promise<boolean> {
    if (await this.write(text) === false) return false;
    try {
      await this.socket.closeWrite();
    } catch {
      return false;
    }
    this.entry.lingering();
    return true;
  }

  #expire = (phase: Phase): void => {
    if (phase === "reading") {
      this.stopped = true;
      if (this.reader.partial) {
        const text = errorResponse(408, "The request took too long", this);
        this.#late = this.#halfClose(text);
        return;
      }
    }
    closeQuietly(this.socket); // ends the pending read or write
  };

  /** The port's close: the process has exited with `reason`. */
  exited = (reason: unknown): void => {
    const { table } = this.options;
    if (this.inHand === undefined || reason === "normal") {
      table.delete(this.entry);
      return closeQuietly(this.socket);
    }
    const cutOff = !isCrash(reason) &&
      (table.draining || reason === "killed" || isQuiet(reason));
    const text = cutOff
      ? errorResponse(503, "The server is shutting down", this)
      : errorResponse(500, "Internal Server Error", this);
    this.write(text).then(() => {
      table.delete(this.entry);
      closeQuietly(this.socket);
    });
  };
}

/**
 * Whether the connection stays open after this exchange (RFC 9112 §9.3):
 * HTTP/1.1 unless a `close` option, HTTP/1.0 only with `keep-alive`.
 */
function keepAlive(conv: Conv): boolean {
  const value = conv.headers.connection;
  if (conv.version === "HTTP/1.0") {
    return value !== undefined && hasOption(value, "keep-alive");
  }
  return value === undefined || !hasOption(value, "close");
}

/** Whether a `Connection` value lists `option` (tokens, any case). */
function hasOption(value: string, option: string): boolean {
  for (const part of value.split(",")) {
    if (part.trim().toLowerCase() === option) return true;
  }
  return false;
}
