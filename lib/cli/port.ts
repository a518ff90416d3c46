/**
 * Checks, before a command starts a server, that its port is free, so the
 * user gets one clear line instead of a crashing server process.
 *
 * @module
 */

import { listen, PortInUseError } from "../net/tcp_listener.ts";

/**
 * @param port the port
 * @param host the address
 * @returns why the port cannot be used, or `undefined` when it is free
 */
export async function portBusy(
  port: number,
  host?: string,
): Promise<string | undefined> {
  try {
    (await listen(port, host)).close();
    return undefined;
  } catch (e) {
    if (e instanceof PortInUseError) return e.message;
    return `Cannot listen on port ${port}: ${(e as Error).message}`;
  }
}
