/**
 * The TCP interfaces and errors every host implementation shares, and the
 * count of accepted sockets still open in this process.
 *
 * @module
 */

/** An accepted connection: bytes in, bytes out. */
export interface Connection {
  read(buffer: Uint8Array): Promise<number | null>;
  write(data: Uint8Array): Promise<number>;
  /** Half-closes: sends FIN, keeps reading (for a lingering close). */
  closeWrite(): Promise<void>;
  /** Closes the socket; later calls do nothing. */
  close(): void;
}

/** A listening socket. */
export interface Listener {
  /** The port actually bound (useful with port 0). */
  readonly port: number;
  /**
   * Takes the next connection. Rejects with {@linkcode AcceptError} when
   * the host could not take one now (the listener still listens), and with
   * {@linkcode ListenerClosedError} once closed.
   */
  accept(): Promise<Connection>;
  /** Stops listening; a connection the host accepts meanwhile is closed. */
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

/** Raised by `accept` on a listener that is closed. */
export class ListenerClosedError extends Error {
  constructor() {
    super("Cannot accept a connection: the listener is closed");
    this.name = "ListenerClosedError";
  }
}

/**
 * The accept errors that say "not now" rather than "never": out of file
 * descriptors or buffers, or a connection that died in the backlog (and
 * the network errors Linux's accept(2) passes on, to be retried "like
 * EAGAIN").
 */
const TRANSIENT: Readonly<Record<string, string>> = {
  EMFILE: "out of file descriptors",
  ENFILE: "the system is out of file descriptors",
  ENOBUFS: "out of socket buffers",
  ENOMEM: "out of memory",
  ECONNABORTED: "a connection was aborted in the backlog",
  ECONNRESET: "a connection was reset in the backlog",
  EPROTO: "protocol error",
  EPERM: "refused by a firewall rule",
  ETIMEDOUT: "timed out",
  EAGAIN: "try again",
  EINTR: "interrupted",
  ENETDOWN: "network down",
  ENETUNREACH: "network unreachable",
  EHOSTDOWN: "host down",
  EHOSTUNREACH: "host unreachable",
  ENONET: "not on the network",
  ENOPROTOOPT: "protocol not available",
  EOPNOTSUPP: "operation not supported",
};

/**
 * Raised by `accept` when the host could not take a connection now
 * (`EMFILE`, `ENFILE`, `ENOBUFS`, `ECONNABORTED`...): the listener still
 * listens, so try again after a pause.
 */
export class AcceptError extends Error {
  /** What went wrong, in words: `"out of file descriptors"`. */
  readonly reason: string;

  /**
   * @param code the host's error code: `"EMFILE"`
   * @param options the host's error as `cause`
   */
  constructor(readonly code: string, options?: ErrorOptions) {
    const reason = TRANSIENT[code] ?? code;
    super(`Cannot accept a connection: ${reason} (${code})`, options);
    this.name = "AcceptError";
    this.reason = reason;
  }
}

/**
 * @internal Sorts an accept failure: an {@linkcode AcceptError} when its
 * `code` is one to retry, else the host's error unchanged. (It reads no
 * `stack`: on Deno, formatting a stack with no descriptor left can panic.)
 *
 * @param error what the host's accept threw
 * @returns the error to throw
 */
export function acceptError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && Object.hasOwn(TRANSIENT, code)) {
    return new AcceptError(code, { cause: error });
  }
  return error;
}

let open = 0;

/**
 * @returns how many connections accepted in this process, on any listener,
 *   are not closed yet: the descriptors the servers hold
 */
export function openConnections(): number {
  return open;
}

/**
 * @internal Counts an accepted socket in {@linkcode openConnections} until
 * it closes.
 *
 * @param close closes the host's socket; its errors are dropped (closing
 *   is idempotent)
 * @returns the close to call, once or many times
 */
export function counted(close: () => void): () => void {
  open++;
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    open--;
    try {
      close();
    } catch {
      // already closed by the host
    }
  };
}
