/**
 * TCP on the host: the only caller of `Deno.listen` and `Deno.connect`.
 * The actor runtime and the HTTP code see plain interfaces.
 *
 * @module
 */

/** An accepted connection: bytes in, bytes out. */
export interface Connection {
  read(buffer: Uint8Array): Promise<number | null>;
  write(data: Uint8Array): Promise<number>;
  close(): void;
}

/** A listening socket. */
export interface Listener {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  accept(): Promise<Connection>;
  close(): void;
}

/** Raised when the port is already taken. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Cannot listen on port ${port}: the port is already in use`);
    this.name = "PortInUseError";
  }
}

/**
 * Opens a listening TCP socket.
 *
 * @param port the port, 0 for a free one
 * @param hostname the address to bind (default 127.0.0.1)
 * @returns the listener
 */
export function listen(port: number, hostname = "127.0.0.1"): Listener {
  let inner: Deno.TcpListener;
  try {
    inner = Deno.listen({ port, hostname, transport: "tcp" });
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) throw new PortInUseError(port);
    throw e;
  }
  return {
    port: (inner.addr as Deno.NetAddr).port,
    accept: async () => {
      const conn = await inner.accept();
      conn.setNoDelay(true); // one write per response: send it now
      return conn;
    },
    close: () => inner.close(),
  };
}

/** Raised when nothing listens on the port. */
export class ConnectionRefusedError extends Error {
  constructor(readonly port: number) {
    super(`Cannot connect to port ${port}: connection refused`);
    this.name = "ConnectionRefusedError";
  }
}

/**
 * Opens a TCP connection.
 *
 * @param port the port
 * @param hostname the host (default 127.0.0.1)
 * @returns the connection; {@linkcode ConnectionRefusedError} when refused
 */
export async function connect(
  port: number,
  hostname = "127.0.0.1",
): Promise<Connection> {
  try {
    return await Deno.connect({ port, hostname });
  } catch (e) {
    // A listener closed a moment ago resets instead of refusing: same fact.
    if (
      e instanceof Deno.errors.ConnectionRefused ||
      e instanceof Deno.errors.ConnectionReset
    ) throw new ConnectionRefusedError(port);
    throw e;
  }
}
