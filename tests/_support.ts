/**
 * Shared test helpers: a runtime with an in-memory logger, and bodies that
 * tests spawn.
 *
 * @module
 */

import { memoryLogger, type Self, startRuntime } from "../lib/actor/mod.ts";
import type { Clock } from "../lib/actor/clock.ts";

/** A runtime whose reports are kept in `entries`. */
export function testRuntime(clock?: Clock) {
  const { logger, entries } = memoryLogger();
  const rt = startRuntime({ logger, clock });
  return Object.assign(rt, { entries });
}

/** A body that waits forever without taking any message. */
export async function* idle(
  self: Self,
): AsyncGenerator<unknown, void, unknown> {
  yield* self.receive((_m): _m is never => false);
}

/** A body that takes one message and exits with it as its reason. */
export async function* exitOnMessage(
  self: Self,
): AsyncGenerator<unknown, void, unknown> {
  const reason = yield* self.receive();
  self.exit(reason);
}

/** A port free right now on 127.0.0.1 (bound on port 0, then released). */
export function freePort(): number {
  const l = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
