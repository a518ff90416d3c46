/**
 * TCP, behind plain interfaces: listening, accepting, connecting, reading,
 * writing, closing. The host's implementation is chosen at start-up:
 * deno_tcp.ts on Deno (the only caller of `Deno.listen`/`Deno.connect`),
 * node_tcp.ts on Node (`node:net`, for the single-executable build).
 *
 * @module
 */

import { denoTcp } from "./deno_tcp.ts";
import { nodeTcp } from "./node_tcp.ts";
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

const host: Tcp = "Deno" in globalThis ? denoTcp : nodeTcp;

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
  return host.listen(port, hostname);
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
  return host.connect(port, hostname);
}
