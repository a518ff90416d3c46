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
 * 4. A read waiting for data is woken through one {@linkcode TurnGate}
 *    for all connections: at most {@linkcode WAKES_PER_TURN} a turn of
 *    Node's loop, in the order their data came, so that a turn stays short
 *    and libuv, which accepts one connection a turn, keeps accepting.
 *
 * @module
 */

import * as net from "node:net";
import { afterTurn } from "../sys/host_timers.ts";
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
import { TurnGate } from "./turn_gate.ts";

const HIGH_WATER = 64 * 1024;

/**
 * The most readers woken in one turn of Node's loop (turn_gate.ts), shared
 * by every connection. Chosen under `wrk -t2 -c500` against the warm
 * binary (p99, longest wait): 8 gave 37–97 ms and 172–279 ms; 4, 33–95
 * and 117–245 ms, with fewer requests a second; 16, 34–152 and 208–386
 * ms; 32, 84–252 and 282–488 ms. Ungated: 1.1–1.3 s and 2 s, with wrk's
 * timeouts. At 50 clients 8 costs nothing (CPU per request 15.9–17.3 µs,
 * 18.1–18.8 ungated).
 */
export const WAKES_PER_TURN = 8;
/** @internal The gate of every Node connection's reader. */
export const wakeGate: TurnGate = new TurnGate(WAKES_PER_TURN, afterTurn);

/** @internal A socket read by pulling, as `Deno.Conn` is. */
export class NodeConnection implements Connection {
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  readonly close: () => void;

  /**
   * @param socket the socket
   * @param accepted count it in `openConnections` until it closes
   * @param gate where a read waiting for data is woken
   */
  constructor(
    readonly socket: net.Socket,
    accepted = false,
    gate: TurnGate = wakeGate,
  ) {
    const destroy = () => void socket.destroy();
    this.close = accepted ? counted(destroy) : destroy;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Uint8Array) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      if (this.#buffered > HIGH_WATER) socket.pause();
      const wake = this.#wake;
      this.#wake = undefined;
      if (wake !== undefined) gate.admit(wake);
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
