/**
 * The limits that keep one bad client from hurting the others. Every one
 * has a default, and every deadline runs on the runtime's clock.
 *
 * @module
 */

/** Limits of one server; every field has a default. */
export interface HttpLimits {
  /** The request line and headers, in bytes; over it → 431. */
  maxHeaderBytes: number;
  /** The request target, in bytes; over it → 414. */
  maxTargetBytes: number;
  /**
   * A request body, in bytes, after chunked decoding; over it → 413. A
   * chunk-size line longer than the hex digits this needs → 413 too.
   */
  maxBodyBytes: number;
  /**
   * How long a connection may wait for (the rest of) a request, in ms:
   * an idle keep-alive connection is then closed, a half-sent request gets
   * 408 (slowloris).
   */
  idleTimeoutMs: number;
  /**
   * How long a response write may make no progress, in ms (a client that
   * never reads); then the connection closes.
   */
  writeTimeoutMs: number;
  /**
   * After an error answer (400, 408, 413, 431, 503...): how long the
   * connection, half-closed, keeps reading and discarding what the client
   * still sends, so that the client reads the status instead of a reset
   * (RFC 9112 §9.6, "lingering close").
   */
  lingerMs: number;
  /** Open connections; more are answered 503 and closed. */
  maxConnections: number;
}

/**
 * The defaults: 8 KiB of headers, an 8 KiB target, 1 MiB bodies, 10 s to
 * read a request or make write progress, 2 s of lingering close, 10,000
 * connections (fewer where the file-descriptor limit says so).
 */
export const DEFAULT_LIMITS: Readonly<HttpLimits> = {
  maxHeaderBytes: 8192,
  maxTargetBytes: 8192,
  maxBodyBytes: 1024 * 1024,
  idleTimeoutMs: 10_000,
  writeTimeoutMs: 10_000,
  lingerMs: 2_000,
  maxConnections: 10_000,
};
