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
    accept: () => inner.accept(),
    close: () => inner.close(),
  };
}

/**
 * Sends raw request text and reads the whole response until the server
 * closes the connection.
 *
 * @param port the server's port on 127.0.0.1
 * @param text the request
 * @returns the response text, or `"connection refused"`
 */
export async function request(port: number, text: string): Promise<string> {
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ port, hostname: "127.0.0.1" });
  } catch (e) {
    // A listener closed a moment ago resets instead of refusing: same fact.
    if (
      e instanceof Deno.errors.ConnectionRefused ||
      e instanceof Deno.errors.ConnectionReset
    ) return "connection refused";
    throw e;
  }
  try {
    await conn.write(new TextEncoder().encode(text));
    const chunks: Uint8Array[] = [];
    for await (const chunk of conn.readable) chunks.push(chunk);
    return new TextDecoder().decode(concat(chunks));
  } finally {
    try {
      conn.close();
    } catch {
      // the readable stream already closed it
    }
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
