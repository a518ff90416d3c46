/**
 * The TCP interfaces and errors every host implementation shares.
 *
 * @module
 */

/** An accepted connection: bytes in, bytes out. */
export interface Connection {
  read(buffer: Uint8Array): Promise<number | null>;
  write(data: Uint8Array): Promise<number>;
  /** Half-closes: sends FIN, keeps reading (for a lingering close). */
  closeWrite(): Promise<void>;
  close(): void;
}

/** A listening socket. */
export interface Listener {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  accept(): Promise<Connection>;
  close(): void;
}

/** What a host provides. */
export interface Tcp {
  listen(port: number, hostname: string): Promise<Listener>;
  connect(port: number, hostname: string): Promise<Connection>;
}

/** Raised when the port is already taken. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Cannot listen on port ${port}: the port is already in use`);
    this.name = "PortInUseError";
  }
}

/** Raised when nothing listens on the port. */
export class ConnectionRefusedError extends Error {
  constructor(readonly port: number) {
    super(`Cannot connect to port ${port}: connection refused`);
    this.name = "ConnectionRefusedError";
  }
}
