/**
 * `servy serve [--port 4000] [--host 127.0.0.1] [--verbose]`: the Servy app
 * for real, under the restarting KickStarter, with its services, until
 * Ctrl-C or SIGTERM.
 *
 * On the signal: KickStarter stops with `:shutdown`, which takes the linked
 * HTTP server and its listener with it (no new connections); requests in
 * flight finish and their connections close, for at most
 * {@linkcode DRAIN_MS}; then everything stops and servy exits 0.
 *
 * @module
 */

import {
  formatEntry,
  type Pid,
  realClock,
  startRuntime,
} from "../../actor/mod.ts";
import { ConnectionTable, type Conv } from "../../http/mod.ts";
import { listen, PortInUseError } from "../../net/tcp_listener.ts";
import { Restarting, start } from "../../servy/kick_starter.ts";
import { startServices } from "../../servy/services.ts";
import type { Platform } from "../../sys/platform.ts";

/** Options of {@linkcode serve}. */
export interface ServeOptions {
  port: number;
  host: string;
  /** The course's console lines for every connection, not the access log. */
  verbose: boolean;
}

/** How long requests in flight may take to finish after the signal. */
export const DRAIN_MS = 5000;

/**
 * Runs the app until a shutdown signal.
 *
 * @param platform output and signals
 * @param options port, host, verbosity
 * @returns the exit code
 */
export async function serve(
  platform: Platform,
  options: ServeOptions,
): Promise<number> {
  try {
    listen(options.port, options.host).close();
  } catch (e) {
    const why = e instanceof PortInUseError ? e.message : String(e);
    platform.printError(`servy: ${why}\n`);
    return 1;
  }
  const signal = Promise.withResolvers<string>();
  const stopListening = platform.onShutdown(signal.resolve);
  const table = new ConnectionTable();
  await using rt = startRuntime({
    logger: (_level, entry) => platform.printError(`${entry}\n`),
  });
  const access = (conv: Conv) => {
    const target = conv.query === "" ? conv.path : `${conv.path}?${conv.query}`;
    const entry = formatEntry(realClock, "info", `${conv.method} ${target}`);
    platform.print(`${entry.slice(1)}\n`); // one line, no blank line before
  };
  const kick = await rt.run(async function* (self) {
    yield* startServices(self);
    const started = yield* start(self, Restarting, {
      port: options.port,
      host: options.host,
      console: platform.print,
      quiet: !options.verbose,
      log: options.verbose ? undefined : access,
      table,
    });
    return typeof started === "object" && started.type === "ok"
      ? started.pid
      : undefined;
  });
  if (kick === undefined) {
    platform.printError("servy: KickStarter did not start\n");
    stopListening();
    return 1;
  }
  platform.print("Press Ctrl-C to stop.\n\n");
  const name = await signal.promise;
  stopListening();
  return await shutDown(platform, { rt, kick, table, signal: name });
}

async function shutDown(
  platform: Platform,
  { rt, kick, table, signal }: {
    rt: ReturnType<typeof startRuntime>;
    kick: Pid;
    table: ConnectionTable;
    signal: string;
  },
): Promise<number> {
  platform.print(
    `\n${signal}: no new connections; finishing ${table.size} open...\n`,
  );
  await rt.run(async function* (self) {
    yield* self.GenServer.stop(kick, "shutdown");
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drained = await Promise.race([
    table.drain().then(() => true),
    new Promise<boolean>((r) => timer = setTimeout(() => r(false), DRAIN_MS)),
  ]);
  clearTimeout(timer);
  platform.print(
    drained
      ? "All connections closed. Bye!\n"
      : `${table.size} connections still open after ${DRAIN_MS} ms: closing them.\n`,
  );
  return 0;
}
