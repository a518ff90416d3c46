/**
 * TCP on the host, behind plain interfaces.
 *
 * @module
 */

export * from "./tcp_listener.ts";
