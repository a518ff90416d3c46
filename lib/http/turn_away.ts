/**
 * Turning away a connection the server will not serve (over the cap),
 * without a process of its own: a 503, then a lingering close as for bad
 * input, all within `lingerMs`.
 *
 * @module
 */

import type { Port, Self } from "../actor/mod.ts";
import type { Socket } from "./connection.ts";
import type { ConnectionTable } from "./connection_table.ts";
import { MAX_TURNED_AWAY } from "./connection_table.ts";
import { closeQuietly, discard, errorResponse } from "./last_answer.ts";

const encoder = new TextEncoder();

/** What {@linkcode turnAway} needs of the server. */
export interface TurnAwayOptions {
  /** The server's table: its limits, and how many linger now. */
  table: ConnectionTable;
  /** The `Server` header. */
  server: string;
}

/**
 * Answers 503 and closes, lingering. The socket is a port of `self`
 * meanwhile, so it closes if the server exits; past
 * {@linkcode MAX_TURNED_AWAY} lingering at once, it closes right after the
 * 503, so that a flood cannot hold descriptors.
 *
 * @param self the accepting process, whose runtime times the linger
 * @param socket the accepted socket
 * @param options the table and the `Server` header
 */
export function turnAway(
  self: Self,
  socket: Socket,
  options: TurnAwayOptions,
): void {
  const { table, server } = options;
  let port: Port;
  try {
    port = self.openPort(() => closeQuietly(socket));
  } catch (e) {
    closeQuietly(socket); // the server is gone: the socket is nobody's
    throw e;
  }
  const text = errorResponse(503, "Too many connections", {
    server,
    clock: self.clock,
  });
  const linger = table.turnedAway < MAX_TURNED_AWAY;
  if (linger) table.turnedAway++;
  const timer = self.startTimer(table.limits.lingerMs, () => {
    self.closePort(port);
  });
  lingerAway(socket, text, linger).then(() => {
    if (linger) table.turnedAway--;
    self.cancelTimer(timer);
    self.closePort(port);
  });
}

/** The 503's write, half-close and discard; errors end it early. */
async function lingerAway(
  socket: Socket,
  text: string,
  linger: boolean,
): Promise<void> {
  try {
    const data = encoder.encode(text);
    for (let at = 0; at < data.length;) {
      at += await socket.write(data.subarray(at));
    }
    if (!linger) return;
    await socket.closeWrite();
    await discard(socket);
  } catch {
    // the client has gone, or the linger's time is up
  }
}
