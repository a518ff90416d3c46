/**
 * Shared test helpers: a runtime with an in-memory logger, and bodies that
 * tests spawn.
 *
 * @module
 */

import {
  memoryLogger,
  type Self,
  startRuntime,
  Supervisor,
} from "../lib/actor/mod.ts";
import type { Clock } from "../lib/actor/clock.ts";
import type { ConnectionTable, Conv, HttpLimits } from "../lib/http/mod.ts";
import { connect } from "../lib/net/tcp_listener.ts";
import { start as startHttpServer } from "../lib/servy/http_server.ts";
import {
  NAME as SERVICES,
  ServicesSupervisor,
} from "../lib/servy/services_supervisor.ts";

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

/** Options of {@linkcode serveApp}. */
export interface ServeAppOptions {
  /** Start PledgeServer, SensorServer and FourOhFourCounter first. */
  services?: boolean;
  limits?: Partial<HttpLimits>;
  /** The runtime's clock: a manual clock times every deadline. */
  clock?: Clock;
  /** Print the course's lines for every exchange (see `printed`). */
  verbose?: boolean;
  /** The access log. */
  log?: (conv: Conv) => void;
  /** The server's connection table (else it makes one from `limits`). */
  table?: ConnectionTable;
}

/**
 * The Servy app on a free port, in a fresh runtime; disposing it stops
 * everything. Sensors answer at once with snapshot number 7.
 * `printed(re, n)` resolves once `n` of the console lines match `re`.
 */
export async function serveApp(options: ServeAppOptions = {}) {
  const rt = testRuntime(options.clock);
  const lines: string[] = [];
  const waiting = new Set<() => void>();
  const print = (line: string) => {
    lines.push(line);
    for (const check of [...waiting]) check();
  };
  const printed = (re: RegExp, n = 1) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (lines.filter((l) => re.test(l)).length < n) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
  if (options.services) {
    // ServicesSupervisor, linked to a process that stays (a supervisor
    // stops when its parent exits).
    const up = Promise.withResolvers<void>();
    rt.spawn(async function* (self) {
      yield* Supervisor.startLink(self, ServicesSupervisor, {
        pledges: { random: () => 42 },
        sensors: { snapshotMs: 0, locationMs: 0, random: () => 7 },
      }, { name: SERVICES });
      up.resolve();
      yield* idle(self);
    });
    await up.promise;
  }
  const listening = Promise.withResolvers<number>();
  const server = rt.spawn((self) =>
    startHttpServer(self, {
      port: 0,
      console: print,
      quiet: !options.verbose,
      log: options.log,
      limits: options.limits,
      table: options.table,
      onListening: listening.resolve,
    })
  );
  const port = await listening.promise;
  return Object.assign(rt, { port, lines, printed, server });
}

/** Replaces the `Date` header's value, which changes every second. */
export function undated(response: string): string {
  return response.replace(
    /\r\nDate: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r\n/,
    "\r\nDate: <date>\r\n",
  );
}

/** A raw client connection that reads until it has seen `until`. */
export async function openClient(port: number) {
  const conn = await connect(port);
  const decoder = new TextDecoder();
  let received = "";
  const buffer = new Uint8Array(64 * 1024);
  return {
    send: (text: string) => conn.write(new TextEncoder().encode(text)),
    /** Reads until `received` matches, or the server closes. @returns all text so far */
    async readUntil(until: RegExp): Promise<string> {
      while (!until.test(received)) {
        const n = await conn.read(buffer).catch(() => null);
        if (n === null) break;
        received += decoder.decode(buffer.subarray(0, n));
      }
      return received;
    },
    /** @returns whether the server closed the connection */
    async closed(): Promise<boolean> {
      const n = await conn.read(buffer).catch(() => null);
      if (n !== null) received += decoder.decode(buffer.subarray(0, n));
      return n === null;
    },
    [Symbol.dispose]: () => {
      try {
        conn.close();
      } catch {
        // the server closed it
      }
    },
  };
}
