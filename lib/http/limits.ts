/**
 * The limits that keep one bad client from hurting the others.
 *
 * @module
 */

/** Limits of one server; every field has a default. */
export interface HttpLimits {
  /** The request line and headers, in bytes; over it → 431. */
  maxHeaderBytes: number;
  /** A request body, in bytes; over it → 413. */
  maxBodyBytes: number;
  /**
   * How long a connection may wait for (the rest of) a request, in ms:
   * an idle keep-alive connection is then closed, a half-sent request gets
   * 408 (slowloris).
   */
  idleTimeoutMs: number;
  /** Open connections; more are answered 503 and closed. */
  maxConnections: number;
}

/** The defaults: 8 KiB of headers, 1 MiB bodies, 10 s, 10,000 connections. */
export const DEFAULT_LIMITS: Readonly<HttpLimits> = {
  maxHeaderBytes: 8192,
  maxBodyBytes: 1024 * 1024,
  idleTimeoutMs: 10_000,
  maxConnections: 10_000,
};
