/**
 * A connection's process on a real socket pair, with a probe on the
 * server's side of the socket: tests wait for what the connection did
 * (a read issued, a write pending, a half-close), never for time.
 *
 * @module
 */

import { ManualClock } from "../../lib/actor/mod.ts";
import {
  ConnectionTable,
  type Handler,
  type HttpLimits,
  respond,
  serveConnection,
  type Socket,
} from "../../lib/http/mod.ts";
import { connect, type Connection, listen } from "../../lib/net/mod.ts";
import { testRuntime } from "../_support.ts";

/** The server's socket, counting what the connection does with it. */
export class Probe implements Socket {
  /** Read calls, and those made after the half-close. */
  reads = 0;
  readsAfterHalfClose = 0;
  bytesRead = 0;
  /** Write calls, completed writes, and those that took less than given. */
  writeCalls = 0;
  writes = 0;
  shortWrites = 0;
  bytesWritten = 0;
  /** A write is pending. */
  writing = false;
  halfClosed = false;
  closed = false;
  #checks = new Set<() => void>();

  /** @param inner the accepted socket */
  constructor(readonly inner: Connection) {}

  read(buffer: Uint8Array): Promise<number | null> {
    this.reads++;
    if (this.halfClosed) this.readsAfterHalfClose++;
    this.#changed();
    return this.inner.read(buffer).then((n) => {
      this.bytesRead += n ?? 0;
      return n;
    });
  }

  write(data: Uint8Array): Promise<number> {
    this.writeCalls++;
    this.writing = true;
    this.#changed();
    return this.inner.write(data).then((n) => {
      this.writing = false;
      this.writes++;
      this.bytesWritten += n;
      if (n < data.length) this.shortWrites++;
      return n;
    }, (e) => {
      this.writing = false;
      throw e;
    });
  }

  closeWrite(): Promise<void> {
    this.halfClosed = true;
    return this.inner.closeWrite();
  }

  close(): void {
    this.closed = true;
    this.#changed();
    this.inner.close();
  }

  /**
   * Waits until `check` holds. It is tested when the connection calls the
   * socket, before the call's result: a read or write just issued means
   * the step that issued it has run.
   *
   * @param check the condition
   */
  until(check: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const test = () => {
        if (!check()) return;
        this.#checks.delete(test);
        resolve();
      };
      this.#checks.add(test);
      test();
    });
  }

  #changed(): void {
    for (const test of [...this.#checks]) test();
  }
}

/** Options of {@linkcode openConnection}. */
export interface OpenOptions {
  handler: Handler;
  limits?: Partial<HttpLimits>;
}

/**
 * A runtime on a manual clock, a client socket and the connection's
 * process serving its other end; disposing it closes the client and stops
 * the runtime.
 */
export async function openConnection(options: OpenOptions) {
  const clock = new ManualClock();
  const rt = testRuntime(clock);
  const listener = await listen(0);
  const client = await connect(listener.port);
  const probe = new Probe(await listener.accept());
  listener.close();
  const table = new ConnectionTable(options.limits);
  const pid = rt.spawn((self) =>
    serveConnection(self, probe, {
      handler: options.handler,
      table,
      server: "servy",
    })
  );
  const down = rt.monitor(pid);
  const stop = rt[Symbol.asyncDispose].bind(rt);
  return Object.assign(rt, {
    clock,
    client: reading(client),
    probe,
    table,
    pid,
    down,
    async [Symbol.asyncDispose]() {
      try {
        client.close();
      } catch {
        // closed by the test
      }
      await stop();
    },
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A client socket with the reads and writes the tests need. */
export function reading(conn: Connection) {
  let received = "";
  const buffer = new Uint8Array(64 * 1024);
  return {
    conn,
    /** @returns everything received so far */
    get received(): string {
      return received;
    },
    /** Writes all of `text`. */
    async send(text: string | Uint8Array): Promise<void> {
      const data = typeof text === "string" ? encoder.encode(text) : text;
      for (let at = 0; at < data.length;) {
        at += await conn.write(data.subarray(at));
      }
    },
    /** Reads until `re` matches what was received. @returns all text received */
    async readUntil(re: RegExp): Promise<string> {
      while (!re.test(received)) {
        const n = await conn.read(buffer);
        if (n === null) throw new Error(`The stream ended before ${re}`);
        received += decoder.decode(buffer.subarray(0, n), { stream: true });
      }
      return received;
    },
    /** Reads until the server's end of stream. @returns all text received */
    async readToEnd(): Promise<string> {
      for (;;) {
        const n = await conn.read(buffer).catch(() => null);
        if (n === null) return received;
        received += decoder.decode(buffer.subarray(0, n), { stream: true });
      }
    },
    /** Reads once. @returns the byte count, or null at the end */
    async readSome(): Promise<number | null> {
      const n = await conn.read(buffer);
      if (n !== null) {
        received += decoder.decode(buffer.subarray(0, n), { stream: true });
      }
      return n;
    },
  };
}

/** `GET /` as a pipelining client sends it, 29 bytes. */
export const GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

/** A handler answering 200 with `body`, and how many requests it handled. */
export function answering(body: string): { handler: Handler; handled: number } {
  const counter = { handled: 0 };
  const handler: Handler = (_self, conv) => {
    counter.handled++;
    return respond(conv, 200, body);
  };
  return Object.assign(counter, { handler });
}

/** The error response servy sends, its date replaced as `undated` does. */
export function refusal(status: string, message: string): string {
  const length = encoder.encode(message).length;
  return `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${length}\r\nDate: <date>\r\nServer: servy\r\nConnection: close\r\n\r\n${message}`;
}
