/**
 * The observer's listener: a process of its own, spawned from outside, so
 * that it is in no one's tree (killing the app's HttpServer never touches
 * it). It owns its listen socket as a port, accepts connections and gives
 * each to a new unlinked process that reads one request and answers it, or
 * streams events to the page; a sampler linked to it takes the charts'
 * sample each second.
 *
 * A connection that sends no whole request within {@linkcode READ_MS} is
 * closed; its process is killed with `:timeout`.
 *
 * @module
 */

import { type Pid, type Runtime, type Self } from "../actor/mod.ts";
import {
  AcceptError,
  type Connection,
  listen,
  type Listener,
  ListenerClosedError,
} from "../net/mod.ts";
import { readRequest, send } from "./http.ts";
import { type Context, route } from "./routes.ts";
import { stream } from "./stream.ts";
import { Tracker } from "./tracker.ts";

/** How long a client has to send its request. */
export const READ_MS = 10_000;

/** Options of {@linkcode startObserver}. */
export interface ObserverOptions {
  /** The port, 0 for a free one. */
  port: number;
  /** The address to bind (default 127.0.0.1). */
  host?: string;
  /** The token the control endpoints want; default: 128 random bits. */
  token?: string;
}

/** A running observer. */
export interface Observer {
  readonly pid: Pid;
  readonly port: number;
  readonly token: string;
  /** The page's address, with the token in its fragment. */
  readonly url: string;
  readonly tracker: Tracker;
  /** Stops the observer: its processes exit, its socket closes. */
  stop(): Promise<void>;
}

/**
 * Starts the observer on `rt`, before the app, so it sees every spawn.
 *
 * @param rt the runtime
 * @param options port, host, token
 * @returns the observer, once it listens; rejects if it cannot bind
 */
export async function startObserver(
  rt: Runtime,
  options: ObserverOptions,
): Promise<Observer> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? randomToken();
  const listener = await listen(options.port, host);
  const port = listener.port;
  // The body runs after spawn returns, once the tracker knows the root.
  const made: { tracker?: Tracker } = {};
  const pid = rt.spawn(async function* (self) {
    yield* serve(self, listener, context(made.tracker!, token, host, port));
  });
  const tracker = made.tracker = new Tracker(rt, pid);
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    pid,
    port,
    token,
    url: `http://${shown}:${port}/#token=${token}`,
    tracker,
    async stop() {
      const down = rt.monitor(pid);
      rt.exit(pid, "shutdown");
      await down;
      // The connections are unlinked: each is stopped on its own.
      for (const own of tracker.own()) rt.exit(own, "kill");
      tracker.close();
    },
  };
}

function context(
  tracker: Tracker,
  token: string,
  host: string,
  port: number,
): Context {
  const names = [host, "localhost", "127.0.0.1", "[::1]"];
  if (host.includes(":")) names.push(`[${host}]`);
  const hosts = new Set(names.map((h) => `${h}:${port}`.toLowerCase()));
  return { tracker, token, hosts, kinds: new Map() };
}

async function* serve(
  self: Self,
  listener: Listener,
  ctx: Context,
): AsyncGenerator<unknown, void, unknown> {
  self.openPort(() => listener.close());
  self.spawnLink(async function* (sampler) {
    for (;;) {
      yield* sampler.sleep(1000);
      ctx.tracker.sample();
    }
  });
  for (;;) {
    let conn: Connection;
    try {
      conn = await listener.accept();
    } catch (e) {
      if (e instanceof ListenerClosedError) return;
      if (!(e instanceof AcceptError)) throw e;
      yield* self.sleep(10); // out of file descriptors: try again soon
      continue;
    }
    // Spawned in a step of its own, not after the await: the runtime then
    // knows the spawner, so the tracker knows the connection is ours. The
    // socket is held as a port meanwhile, so a kill in between closes it.
    let taken = false;
    const held = self.openPort(() => taken || conn.close());
    yield;
    taken = true;
    self.closePort(held);
    self.spawn((client) => answer(client, conn, ctx));
  }
}

async function* answer(
  self: Self,
  conn: Connection,
  ctx: Context,
): AsyncGenerator<unknown, void, unknown> {
  self.openPort(() => conn.close());
  const rt = ctx.tracker.rt;
  const timer = self.startTimer(READ_MS, () => rt.exit(self.pid, "timeout"));
  const conv = await readRequest(conn);
  self.cancelTimer(timer);
  if (conv === undefined) return;
  if (!("method" in conv)) {
    await send(conn, conv);
    return;
  }
  const answer = yield* route(self, ctx, conv);
  if (answer !== "events") {
    await send(conn, answer, conv.method === "HEAD");
    return;
  }
  const since = Number(conv.headers["last-event-id"] ?? 0);
  yield* stream(self, conn, ctx, Number.isSafeInteger(since) ? since : 0);
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
