/**
 * TCP, behind plain interfaces: listening, accepting, connecting, reading,
 * writing, closing. The host's implementation is chosen at start-up:
 * deno_tcp.ts on Deno (the only caller of `Deno.listen`/`Deno.connect`),
 * node_tcp.ts on Node (`node:net`, for the single-executable build).
 * node_tcp.ts is imported only on Node, at the first call: on Deno,
 * loading `node:net` would cost start-up ~20 ms of Node-compat modules.
 *
 * @module
 */

import { denoTcp } from "./deno_tcp.ts";
import type { Connection, Listener, Tcp } from "./tcp.ts";

export {
  AcceptError,
  type Connection,
  ConnectionRefusedError,
  type Listener,
  ListenerClosedError,
  openConnections,
  PortInUseError,
  type Tcp,
} from "./tcp.ts";

let host: Tcp | undefined = "Deno" in globalThis ? denoTcp : undefined;

/** The host's TCP: deno_tcp.ts at once, node_tcp.ts once loaded. */
async function tcp(): Promise<Tcp> {
  return host ??= (await import("./node_tcp.ts")).nodeTcp;
}

/**
 * Opens a listening TCP socket.
 *
 * @param port the port, 0 for a free one
 * @param hostname the address to bind (default 127.0.0.1)
 * @returns the listener; {@linkcode PortInUseError} when the port is taken
 */
export function listen(
  port: number,
  hostname = "127.0.0.1",
): Promise<Listener> {
  return host === undefined
    ? tcp().then((t) => t.listen(port, hostname))
    : host.listen(port, hostname);
}

/**
 * Opens a TCP connection.
 *
 * @param port the port
 * @param hostname the host (default 127.0.0.1)
 * @returns the connection; {@linkcode ConnectionRefusedError} when refused
 */
export function connect(
  port: number,
  hostname = "127.0.0.1",
): Promise<Connection> {
  return host === undefined
    ? tcp().then((t) => t.connect(port, hostname))
    : host.connect(port, hostname);
}
