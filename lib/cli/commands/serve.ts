/**
 * `servy serve [--port 4000] [--host 127.0.0.1] [--verbose] [--tree]
 * [--observer [PORT]]`: the Servy app for real, as the course's supervision
 * tree (Servy.Supervisor over KickStarter and ServicesSupervisor), until
 * Ctrl-C or SIGTERM.
 *
 * With `--observer`, the observer (lib/observer) starts first, on its own
 * port of the same host, so it sees every spawn; its address, with the
 * token its controls need, is printed before the tree starts. It counts
 * the app's requests through the access log's hook, and shows the
 * runtime's log reports in its timeline.
 *
 * On the signal: KickStarter is terminated, which takes the linked HTTP
 * server and its listener with it (no new connections); requests in flight
 * finish and their connections close, for at most {@linkcode DRAIN_MS};
 * then the tree stops and servy exits 0.
 *
 * The open-file limit is read once at start and given to every HttpServer
 * the tree starts; when it caps connections below `maxConnections`, servy
 * says so before `Press Ctrl-C`.
 *
 * @module
 */

import {
  GenServer,
  type Pid,
  realClock,
  type Runtime,
  startRuntime,
  Supervisor,
} from "../../actor/mod.ts";
import {
  accessLog,
  ConnectionTable,
  type Conv,
  LogBuffer,
  type OutputDevice,
} from "../../http/mod.ts";
import { PortInUseError } from "../../net/mod.ts";
import { type Observer, type Tracker } from "../../observer/mod.ts";
import { portBusy } from "../port.ts";
import { socketCaps } from "../../servy/http_server.ts";
import { NAME as KICK_STARTER } from "../../servy/kick_starter.ts";
import * as ServySupervisor from "../../servy/supervisor.ts";
import { fileDescriptorLimit } from "../../sys/fd_limit.ts";
import { type CancelTimer, startTimer } from "../../sys/host_timers.ts";
import type { Platform } from "../../sys/platform.ts";
import { drawTree } from "../tree.ts";

/** Options of {@linkcode serve}. */
export interface ServeOptions {
  port: number;
  host: string;
  /** The course's console lines for every connection, not the access log. */
  verbose: boolean;
  /** Print the supervision tree once it is up. */
  tree?: boolean;
  /** Serve the observer on this port (0: a free one). */
  observer?: number;
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
  const busy = await portBusy(options.port, options.host);
  if (busy !== undefined) {
    platform.printError(`servy: ${busy}\n`);
    return 1;
  }
  let stop: (signal: string) => void = () => {};
  const signal = new Promise<string>((resolve) => (stop = resolve));
  const stopListening = platform.onShutdown((name) => stop(name));
  // The access log: batched, asynchronous, bounded (lib/http/log_buffer.ts);
  // what is still buffered is written at exit, also after a crash.
  const log = new LogBuffer(platform.stdout ?? printer(platform));
  const unhook = platform.onExit?.(() => log.flushSync());
  try {
    // Set once the observer is up; the logger is made before it.
    const seen: { tracker?: Tracker } = {};
    await using rt = startRuntime({
      logger: (_level, entry) => {
        platform.printError(`${entry}\n`);
        seen.tracker?.log(entry.trim());
      },
    });
    const observer = await openObserver(rt, platform, options);
    if (observer === "failed") return 1;
    seen.tracker = observer?.tracker;
    const table = new ConnectionTable();
    const fdLimit = await fileDescriptorLimit();
    const app = await startTree(
      rt,
      platform,
      {
        ...options,
        fdLimit,
        counted: () => seen.tracker?.countRequest(),
        access: accessLog(log, realClock),
      },
      table,
    );
    if (app === undefined) {
      platform.printError("servy: the supervision tree did not start\n");
      return 1;
    }
    if (options.tree) {
      platform.print(await rt.run((self) => drawTree(self, app.sup)));
    }
    const cap = socketCaps(fdLimit, table.limits.maxConnections).connections;
    if (cap < table.limits.maxConnections) {
      platform.print(
        `\nAt most ${cap} connections at once: the open-file limit is ${fdLimit}.\n`,
      );
    }
    platform.print("\nPress Ctrl-C to stop.\n\n");
    const name = await signal;
    await log.flush(); // the shutdown lines come after the requests' lines
    await shutDown(platform, { rt, app, table, signal: name });
    await observer?.stop();
    return 0;
  } finally {
    await log.flush();
    unhook?.();
    stopListening();
  }
}

/** The console as a device, for a platform without a stdout of its own. */
function printer(platform: Platform): OutputDevice {
  const decoder = new TextDecoder();
  const print = (data: Uint8Array) => {
    platform.print(decoder.decode(data));
    return data.length;
  };
  return { write: (data) => Promise.resolve(print(data)), writeSync: print };
}

/** The process that holds the tree's root link, and the root. */
interface App {
  holder: Pid;
  sup: Pid;
}

function startTree(
  rt: Runtime,
  platform: Platform,
  options: ServeOptions & {
    fdLimit: number | undefined;
    counted: () => void;
    /** Logs a request: `HH:MM:SS.mmm [info] GET /bears`. */
    access: (conv: Conv) => void;
  },
  table: ConnectionTable,
): Promise<App | undefined> {
  const access = options.access;
  let resolve: (app: App | undefined) => void = () => {};
  const started = new Promise<App | undefined>((r) => (resolve = r));
  // The root is linked to this holder, as to iex's shell; it stays until
  // told to stop the tree.
  const holder = rt.spawn(async function* (self) {
    const result = yield* ServySupervisor.startLink(self, {
      kickStarter: {
        port: options.port,
        host: options.host,
        console: platform.print,
        quiet: !options.verbose,
        workingOnIt: options.verbose,
        log: (conv) => {
          options.counted();
          if (!options.verbose) access(conv);
        },
        table,
        fdLimit: options.fdLimit ?? Infinity,
      },
      services: { console: platform.print },
    });
    if (result === "ignore" || result.type !== "ok") {
      return resolve(undefined);
    }
    resolve({ holder: self.pid, sup: result.pid });
    yield* self.receive((m): m is "stop" => m === "stop");
    yield* GenServer.stop(self, result.pid);
  });
  rt.monitor(holder).then(() => resolve(undefined));
  return started;
}

/**
 * Starts the observer when asked, on the app's host.
 *
 * @returns the observer, undefined when not asked, `"failed"` (said) when
 *   its port is taken
 */
async function openObserver(
  rt: Runtime,
  platform: Platform,
  options: ServeOptions,
): Promise<Observer | undefined | "failed"> {
  if (options.observer === undefined) return undefined;
  // Loaded only when asked: start-up without it loads none of its modules.
  const { startObserver } = await import("../../observer/mod.ts");
  try {
    const observer = await startObserver(rt, {
      port: options.observer,
      host: options.host,
    });
    platform.print(`Observer: ${observer.url}\n`);
    return observer;
  } catch (e) {
    if (!(e instanceof PortInUseError)) throw e;
    platform.printError(
      `servy: the observer's port ${options.observer} is in use\n`,
    );
    return "failed";
  }
}

async function shutDown(
  platform: Platform,
  { rt, app, table, signal }: {
    rt: Runtime;
    app: App;
    table: ConnectionTable;
    signal: string;
  },
): Promise<void> {
  platform.print(
    `\n${signal}: no new connections; finishing ${table.size} open...\n`,
  );
  await rt.run(async function* (self) {
    yield* Supervisor.terminateChild(self, app.sup, KICK_STARTER);
  });
  let cancel: CancelTimer | undefined;
  const drained = await Promise.race([
    table.drain().then(() => true),
    new Promise<boolean>((r) => cancel = startTimer(DRAIN_MS, () => r(false))),
  ]);
  cancel?.();
  const stopped = rt.monitor(app.holder);
  rt.send(app.holder, "stop");
  await stopped;
  platform.print(
    drained
      ? "All connections closed. Bye!\n"
      : `${table.size} connections still open after ${DRAIN_MS} ms: closed them.\n`,
  );
}
