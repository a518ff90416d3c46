/**
 * The scenarios' shell: the process that plays iex, with the steps the
 * lesson types (start KickStarter, look up the server, inspect links, kill,
 * probe the port), each printed as a prompt with its result.
 *
 * @module
 */

import {
  type GenServerModule,
  type Pid,
  Port,
  type Self,
  Tuple,
} from "../../actor/mod.ts";
import { request } from "../../http/client.ts";
import * as KickStarter from "../../servy/kick_starter.ts";
import type { Transcript } from "../transcript.ts";

/** What a scenario's steps share. */
export interface Shell {
  readonly self: Self;
  readonly t: Transcript;
  readonly arg: KickStarter.KickStarterArg;
  /** The runtime's log entries so far. */
  readonly logs: string[];
  /** How many responses the server has reported sending. */
  readonly sent: () => number;
}

/**
 * `{:ok, kick_pid} = Servy.KickStarter.start()`, printed once the server
 * is listening (as the lesson's output shows it).
 *
 * @returns KickStarter's pid, or `undefined` when it did not start
 */
export async function* startKickStarter(
  sh: Shell,
  step: string,
  module: GenServerModule<KickStarter.KickStarterArg, unknown>,
): AsyncGenerator<unknown, Pid | undefined, unknown> {
  await sh.t.step(
    `{ pid: kickPid } = KickStarter.start(${step}, { port: ${sh.arg.port} })`,
  );
  const started = yield* KickStarter.start(module, sh.arg);
  yield* serverListening(sh);
  sh.t.result(started);
  return typeof started === "object" && started.type === "ok"
    ? started.pid
    : undefined;
}

/**
 * The lesson's first two steps: start KickStarter, look up the server.
 *
 * @returns both pids, or `undefined` (a failed fact) when either is missing
 */
export async function* startAndFind(
  sh: Shell,
  step: string,
  module: GenServerModule<KickStarter.KickStarterArg, unknown>,
): AsyncGenerator<unknown, { kick: Pid; server: Pid } | undefined, unknown> {
  const kick = yield* startKickStarter(sh, step, module);
  const server = await whereisServer(sh);
  if (kick !== undefined && server !== undefined) return { kick, server };
  sh.t.check("KickStarter starts and registers the HTTP server", false);
  return undefined;
}

/**
 * Waits (up to 2 s) until `:http_server` names a live server other than
 * `old` whose listener is open.
 *
 * @returns that server, or `undefined`
 */
export async function* serverListening(
  sh: Shell,
  old?: Pid,
): AsyncGenerator<unknown, Pid | undefined, unknown> {
  for (let waited = 0; waited < 2000; waited++) {
    const pid = sh.self.whereis("http_server");
    const links = pid && sh.self.info(pid, "links");
    if (pid !== old && links?.some((l) => l instanceof Port)) return pid;
    yield* sh.self.sleep(1);
  }
  return undefined;
}

/** `Process.whereis(:http_server)`. @returns the pid, or `undefined` */
export async function whereisServer(sh: Shell): Promise<Pid | undefined> {
  await sh.t.step(`serverPid = Process.whereis("http_server")`);
  return sh.t.result(sh.self.whereis("http_server"));
}

/** `Process.info(pid, :links)`. @returns the links */
export async function links(
  sh: Shell,
  pid: Pid,
  name: string,
): Promise<unknown[]> {
  await sh.t.step(`Process.info(${name}, "links")`);
  const got = sh.self.info(pid, "links") ?? [];
  sh.t.result(new Tuple("links", got));
  return got;
}

/** `Process.alive?(pid)`. @returns whether it is alive */
export async function alive(
  sh: Shell,
  pid: Pid,
  name: string,
): Promise<boolean> {
  await sh.t.step(`Process.alive(${name})`);
  return sh.t.result(sh.self.alive(pid));
}

/** `Process.exit(pid, reason)`, then a moment for the signal's effects. */
export async function* exit(
  sh: Shell,
  pid: Pid,
  name: string,
  reason: string,
): AsyncGenerator<unknown, void, unknown> {
  await sh.t.step(`Process.exit(${name}, ${JSON.stringify(reason)})`);
  sh.t.result(sh.self.exit(pid, reason));
  yield* sh.self.sleep(5); // let linked processes and handleInfo run
}

/**
 * Sends `GET /wildthings` to the port and waits for the server's own
 * console lines about it.
 *
 * @returns the status line, or `"connection refused"`
 */
export async function* probe(
  sh: Shell,
): AsyncGenerator<unknown, string, unknown> {
  const port = sh.arg.port;
  await sh.t.step(`HttpClient.request(${port}, "GET /wildthings HTTP/1.1")`);
  const before = sh.sent();
  const text = await request(
    port,
    `GET /wildthings HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
  );
  const status = text === "connection refused"
    ? text
    : text.split("\r\n", 1)[0];
  for (let i = 0; i < 1000 && status !== text && sh.sent() === before; i++) {
    yield* sh.self.sleep(1);
  }
  sh.t.resultText(status);
  return status;
}

/**
 * Waits (up to 2 s) for a condition the runtime will make true.
 *
 * @returns whether it became true
 */
export async function* eventually(
  sh: Shell,
  condition: () => boolean,
): AsyncGenerator<unknown, boolean, unknown> {
  for (let i = 0; i < 2000 && !condition(); i++) yield* sh.self.sleep(1);
  return condition();
}
