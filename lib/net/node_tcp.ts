/**
 * TCP on Node (`node:net`), for the single-executable build: the same
 * pull-style interfaces as Deno's (`accept()`, `read(buffer)`) over Node's
 * events, with backpressure (a socket pauses while 64 KiB wait unread).
 *
 * @module
 */

import * as net from "node:net";
import {
  type Connection,
  ConnectionRefusedError,
  type Listener,
  PortInUseError,
  type Tcp,
} from "./tcp.ts";

const HIGH_WATER = 64 * 1024;

/** A socket read by pulling, as `Deno.Conn` is. */
class NodeConnection implements Connection {
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Uint8Array) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      if (this.#buffered > HIGH_WATER) socket.pause();
      this.#notify();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("error", (e) => {
      this.#error = e;
      this.#notify();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#notify();
    });
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async read(buffer: Uint8Array): Promise<number | null> {
    while (this.#chunks.length === 0) {
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return null;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    let n = 0;
    while (n < buffer.length && this.#chunks.length > 0) {
      const chunk = this.#chunks[0];
      const take = Math.min(chunk.length, buffer.length - n);
      buffer.set(chunk.subarray(0, take), n);
      n += take;
      if (take === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(take);
    }
    this.#buffered -= n;
    if (this.#buffered <= HIGH_WATER && this.socket.isPaused()) {
      this.socket.resume();
    }
    return n;
  }

  write(data: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (e) => e ? reject(e) : resolve(data.length));
    });
  }

  closeWrite(): Promise<void> {
    return new Promise((resolve) => this.socket.end(resolve));
  }

  close(): void {
    this.socket.destroy();
  }
}

function listening(server: net.Server, port: number): Listener {
  const waiting: ((c: Connection | Error) => void)[] = [];
  const queued: Connection[] = [];
  let closed = false;
  server.on("connection", (socket) => {
    const conn = new NodeConnection(socket);
    const take = waiting.shift();
    if (take !== undefined) take(conn);
    else queued.push(conn);
  });
  return {
    port: (server.address() as net.AddressInfo)?.port ?? port,
    accept: () => {
      const conn = queued.shift();
      if (conn !== undefined) return Promise.resolve(conn);
      if (closed) return Promise.reject(new Error("The listener is closed"));
      return new Promise((resolve, reject) =>
        waiting.push((c) => c instanceof Error ? reject(c) : resolve(c))
      );
    },
    close: () => {
      closed = true;
      server.close();
      for (const conn of queued.splice(0)) conn.close();
      for (const take of waiting.splice(0)) {
        take(new Error("The listener is closed"));
      }
    },
  };
}

/** `node:net` behind {@linkcode Tcp}. */
export const nodeTcp: Tcp = {
  listen(port, hostname) {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ pauseOnConnect: false });
      server.once(
        "error",
        (e: NodeJS.ErrnoException) =>
          reject(e.code === "EADDRINUSE" ? new PortInUseError(port) : e),
      );
      server.listen(
        { port, host: hostname, exclusive: true },
        () => resolve(listening(server, port)),
      );
    });
  },
  connect(port, hostname) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: hostname });
      socket.once("connect", () => resolve(new NodeConnection(socket)));
      socket.once("error", (e: NodeJS.ErrnoException) =>
        reject(
          e.code === "ECONNREFUSED" || e.code === "ECONNRESET"
            ? new ConnectionRefusedError(port)
            : e,
        ));
    });
  },
};
