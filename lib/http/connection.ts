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

import {
  type Clock,
  isCrash,
  isQuiet,
  type Port,
  realClock,
  type Self,
} from "../actor/mod.ts";
import {
  type ConnectionTable,
  type Entry,
  MAX_TURNED_AWAY,
  type Phase,
} from "./connection_table.ts";
import { type Conv, newConv, respond } from "./conv.ts";
import { HttpError } from "./parser.ts";
import { type ByteSource, RequestReader } from "./request_reader.ts";
import { formatResponse, httpDate } from "./response.ts";

/** The socket as the connection sees it. */
export interface Socket extends ByteSource {
  write(data: Uint8Array): Promise<number>;
  /** Half-closes: sends FIN after what was written, keeps reading. */
  closeWrite(): Promise<void>;
  close(): void;
}

/** What runs a request: a conv now, or a process step that yields one. */
export type Handler = (
  self: Self,
  conv: Conv,
) => Conv | AsyncGenerator<unknown, Conv, unknown>;

/** Hooks that see each exchange as text (the course's console lines). */
export interface Trace {
  request(text: string): void;
  response(text: string): void;
}

/** Options of {@linkcode serveConnection}. */
export interface ConnectionOptions {
  handler: Handler;
  table: ConnectionTable;
  /** The `Server` header. */
  server: string;
  trace?: Trace;
}

const encoder = new TextEncoder();
/** Where lingering reads go: one buffer for all, as what it holds is dropped. */
const DISCARD = new Uint8Array(16 * 1024);
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
  for (;;) {
    entry.reading();
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
    const routed = options.handler(self, conv);
    const done = routed instanceof Object && Symbol.asyncIterator in routed
      ? yield* routed
      : routed as Conv;
    const close = table.draining || !keepAlive(conv);
    const text = formatResponse(done, {
      date: httpDate(c.clock),
      server: options.server,
      connection: close
        ? "close"
        : conv.version === "HTTP/1.0"
        ? "keep-alive"
        : undefined,
      omitBody: head,
    });
    c.inHand = undefined;
    if (!await c.write(text)) return;
    trace?.response(text);
    if (close) return;
  }
}

/** A connection's state beside its process's body. */
class ConnectionState implements ByteSource {
  readonly reader: RequestReader;
  readonly entry: Entry;
  readonly clock: Clock;
  /** The request read and not answered yet. */
  inHand: Conv | undefined;
  /** Set when a deadline ended the reading: no more requests. */
  stopped = false;
  /** The 408 sent from outside the body while its read was pending. */
  #late: Promise<boolean> | undefined;

  constructor(
    readonly self: Self,
    readonly socket: Socket,
    readonly options: ConnectionOptions,
  ) {
    this.clock = self.rt.clock;
    this.reader = new RequestReader(this, options.table.limits);
    this.entry = options.table.add(self, this.#expire);
  }

  /** The reader's reads; none once the connection has stopped reading. */
  read(buffer: Uint8Array): Promise<number | null> {
    return this.stopped ? END : this.socket.read(buffer);
  }

  /** Writes all of `text`. @returns false when the client has gone */
  async write(text: string): Promise<boolean> {
    const data = encoder.encode(text);
    try {
      for (let at = 0; at < data.length;) {
        this.entry.writing(); // no progress for writeTimeoutMs: closed
        at += await this.socket.write(at === 0 ? data : data.subarray(at));
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Answers bad input, then closes lingering. */
  async refuse(status: number, message: string): Promise<void> {
    const text = error(status, message, this.options.server, this.clock);
    if (await this.#halfClose(text)) await discard(this.socket);
  }

  /** After a deadline stopped the reading: the 408's lingering close. */
  async finishLate(): Promise<void> {
    if (await this.#late) await discard(this.socket);
  }

  /** Writes the last answer and half-closes. @returns whether it could */
  async #halfClose(text: string): Promise<boolean> {
    if (!await this.write(text)) return false;
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
        const text = error(
          408,
          "The request took too long",
          this.options.server,
          this.clock,
        );
        this.#late = this.#halfClose(text);
        return;
      }
    }
    closeQuietly(this.socket); // ends the pending read or write
  };

  /** The port's close: the process has exited with `reason`. */
  exited = (reason: unknown): void => {
    const { table, server } = this.options;
    if (this.inHand === undefined || reason === "normal") {
      table.delete(this.entry);
      return closeQuietly(this.socket);
    }
    const cutOff = !isCrash(reason) &&
      (table.draining || reason === "killed" || isQuiet(reason));
    const text = cutOff
      ? error(503, "The server is shutting down", server, this.clock)
      : error(500, "Internal Server Error", server, this.clock);
    this.write(text).then(() => {
      table.delete(this.entry);
      closeQuietly(this.socket);
    });
  };
}

function keepAlive(conv: Conv): boolean {
  const value = conv.headers.connection?.toLowerCase();
  if (conv.version === "HTTP/1.0") {
    return value?.includes("keep-alive") ?? false;
  }
  return !(value?.includes("close") ?? false);
}

function error(
  status: number,
  message: string,
  server: string,
  clock: Clock,
): string {
  const conv = respond(newConv("GET", "/", "HTTP/1.1"), status, message);
  conv.respHeaders = { "Content-Type": "text/plain; charset=utf-8" };
  return formatResponse(conv, {
    date: httpDate(clock),
    server,
    connection: "close",
  });
}

/** Reads and drops input until the client closes or the socket is closed. */
async function discard(socket: ByteSource): Promise<void> {
  try {
    while (await socket.read(DISCARD) !== null) {
      // dropped
    }
  } catch {
    // closed under the read: the linger is over
  }
}

/** Writes all of `text`, with no deadline (a short answer to a new socket). */
async function writeAll(socket: Socket, text: string): Promise<void> {
  const data = encoder.encode(text);
  for (let at = 0; at < data.length;) {
    at += await socket.write(data.subarray(at));
  }
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}

/** What {@linkcode turnAway} needs of the server. */
export type TurnAwayOptions = Pick<ConnectionOptions, "table" | "server">;

/**
 * Turns away a connection the server will not serve (over the cap),
 * without a process: a 503, then a lingering close as for bad input, all
 * within `lingerMs`. The socket is a port of `self` meanwhile, so it closes
 * if the server exits; past {@linkcode MAX_TURNED_AWAY} lingering at once,
 * it closes right after the 503.
 *
 * @param self the accepting process, whose runtime times the linger
 * @param socket the accepted socket
 * @param options the table (its limits and lingering count) and the `Server` header
 */
export function turnAway(
  self: Self,
  socket: Socket,
  options: TurnAwayOptions,
): void;
/**
 * The old form: a 503, then close, with no linger.
 *
 * @deprecated use `turnAway(self, socket, { table, server })`
 */
export function turnAway(socket: Socket, server: string): void;
export function turnAway(
  ...args: [Self, Socket, TurnAwayOptions] | [Socket, string]
): void {
  if (args.length === 2) {
    const [socket, server] = args;
    const text = error(503, "Too many connections", server, realClock);
    writeAll(socket, text).catch(() => {}).finally(() => closeQuietly(socket));
    return;
  }
  const [self, socket, { table, server }] = args;
  let port: Port;
  try {
    port = self.openPort(() => closeQuietly(socket));
  } catch (e) {
    closeQuietly(socket); // the server is gone: the socket is nobody's
    throw e;
  }
  const text = error(503, "Too many connections", server, self.rt.clock);
  const linger = table.turnedAway < MAX_TURNED_AWAY;
  if (linger) table.turnedAway++;
  const timer = self.startTimer(table.limits.lingerMs, () => {
    self.closePort(port);
  });
  lingerAway(socket, text, linger).then(() => {
    if (linger) table.turnedAway--;
    self.cancelTimer(timer);
    self.closePort(port);
  });
}

/** The 503's write, half-close and discard; errors end it early. */
async function lingerAway(
  socket: Socket,
  text: string,
  linger: boolean,
): Promise<void> {
  try {
    await writeAll(socket, text);
    if (!linger) return;
    await socket.closeWrite();
    await discard(socket);
  } catch {
    // the client has gone, or the linger's time is up
  }
}
