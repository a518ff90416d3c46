/**
 * TCP on Node (`node:net`), for the single-executable build: the same
 * pull-style interfaces as Deno's (`accept()`, `read(buffer)`) over Node's
 * events, with backpressure (a socket pauses while 64 KiB wait unread).
 *
 * 1. Out of descriptors, Node's libuv accepts and at once closes the
 *    connections it cannot keep (its reserve-descriptor trick), and tells
 *    no one. When it does report an accept error, as an `error` event on
 *    the server, the next `accept()` rejects with it (an `AcceptError` for
 *    EMFILE and the other "not now" codes) instead of the event ending
 *    the process; the server keeps listening.
 * 2. A connection Node hands over after the listener closed is destroyed.
 * 3. Accepted connections are counted until closed (`openConnections`).
 *
 * @module
 */

import * as net from "node:net";
import {
  acceptError,
  type Connection,
  ConnectionRefusedError,
  counted,
  type Listener,
  ListenerClosedError,
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
  readonly close: () => void;

  /**
   * @param socket the socket
   * @param accepted count it in `openConnections` until it closes
   */
  constructor(readonly socket: net.Socket, accepted = false) {
    const destroy = () => void socket.destroy();
    this.close = accepted ? counted(destroy) : destroy;
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
      if (accepted) this.close(); // Node freed it: stop counting it
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
}

/**
 * @internal A listening `net.Server` as a {@linkcode Listener}.
 *
 * @param server the server, listening
 * @param port the port asked for, if the server cannot tell its own
 * @returns the listener
 */
export function listening(server: net.Server, port: number): Listener {
  const waiting: ((c: Connection | Error) => void)[] = [];
  const queued: Connection[] = [];
  let failure: Error | undefined; // one is enough: they repeat
  let closed = false;
  server.on("connection", (socket) => {
    if (closed) return void socket.destroy(); // no one would own it
    const conn = new NodeConnection(socket, true);
    const take = waiting.shift();
    if (take !== undefined) take(conn);
    else queued.push(conn);
  });
  server.on("error", (e) => {
    if (closed) return;
    const take = waiting.shift();
    if (take !== undefined) take(acceptError(e) as Error);
    else failure ??= acceptError(e) as Error;
  });
  return {
    port: (server.address() as net.AddressInfo)?.port ?? port,
    accept: () => {
      const conn = queued.shift();
      if (conn !== undefined) return Promise.resolve(conn);
      if (closed) return Promise.reject(new ListenerClosedError());
      if (failure !== undefined) {
        const e = failure;
        failure = undefined;
        return Promise.reject(e);
      }
      return new Promise((resolve, reject) =>
        waiting.push((c) => c instanceof Error ? reject(c) : resolve(c))
      );
    },
    close: () => {
      if (closed) return;
      closed = true;
      server.close();
      for (const conn of queued.splice(0)) conn.close();
      for (const take of waiting.splice(0)) take(new ListenerClosedError());
    },
  };
}

/** `node:net` behind {@linkcode Tcp}. */
export const nodeTcp: Tcp = {
  listen(port, hostname) {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ pauseOnConnect: false });
      const failed = (e: NodeJS.ErrnoException) =>
        reject(e.code === "EADDRINUSE" ? new PortInUseError(port) : e);
      server.once("error", failed);
      server.listen({ port, host: hostname, exclusive: true }, () => {
        server.off("error", failed);
        resolve(listening(server, port));
      });
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
