/**
 * The HTTP bench: wrk against servy, against `Deno.serve` with the same
 * body, and against a minimal `Deno.listen` loop; when dist/servy-node is
 * built and `node` is installed, also against the binary and Node's
 * `http.createServer` (http_servers/node_http.cjs), both without
 * `NODE_EXTRA_CA_CERTS`. Each server is pinned to core 1 and wrk to
 * core 0 (taskset), run one after another in one go:
 * `GET /wildthings` with keep-alive and with `Connection: close`; then a
 * soak run of servy that samples its resident memory (main.ts also runs
 * http_gc.ts: V8's collections under `Connection: close`). Resident memory
 * is read on each server's second start (the first fills Deno's caches),
 * once idle and right after its last run.
 *
 * Environment: `BENCH_HTTP_SECONDS` (default 3) per wrk run,
 * `BENCH_HTTP_ROUNDS` (default 3; the median is reported),
 * `BENCH_SOAK_SECONDS` (default 60) for the soak, 0 to skip it,
 * `BENCH_HTTP_BASELINE` (a git revision, e.g. `main~3`): also run servy as
 * it was at that revision (`git archive` into a temp dir), interleaved with
 * the others, so a change is measured before and after in one run.
 *
 * @module
 */

import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASELINE, baselineTree, ROOT } from "./baseline.ts";
import { median } from "./stats.ts";

/** One wrk run. */
export interface WrkResult {
  rps: number;
  p99ms: number;
  /** wrk's slowest response: the longest any connection waited its turn. */
  maxms: number;
}

/** {@linkcode benchHttp}'s figures. */
export interface HttpResults {
  /** The median of the rounds, by server and mode. */
  wrk: Record<string, Record<string, WrkResult>>;
  /** Resident memory, KiB, by server: once started and answering, idle. */
  idleRssKiB: Record<string, number>;
  /** Resident memory, KiB, by server: right after its last run. */
  loadedRssKiB: Record<string, number>;
  /**
   * Resident memory, KiB, of http_servers/servy_loaded.ts once idle:
   * servy's modules loaded, none run, the minimal loop answering.
   */
  loadedOnlyRssKiB: number;
}

const SERVERS = ["servy", "deno_serve", "minimal"];
/** The Node servers: servy's binary, and Node's own `http.createServer`. */
const NODE_SERVERS = ["servy_node", "node_http"];
const deno = Deno.execPath();
const BINARY = join(ROOT, "dist/servy-node");

/** servy's bench server as it was at `rev`, extracted to a temp dir. */
function baselineScript(rev: string): string {
  return join(baselineTree(rev), "bench/http_servers/servy.ts");
}

/** The baseline's script: one extraction, so its second start is warm. */
let baseline: string | undefined;

function serverScript(name: string): string {
  if (name !== BASELINE) {
    return new URL(`./http_servers/${name}.ts`, import.meta.url).pathname;
  }
  return baseline ??= baselineScript(Deno.env.get("BENCH_HTTP_BASELINE")!);
}

/** @returns where `cmd` is on the PATH, or undefined */
export function which(cmd: string): string | undefined {
  try {
    return execFileSync("which", [cmd], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

function have(cmd: string): boolean {
  return which(cmd) !== undefined;
}

/** @returns a port free on 127.0.0.1 just now */
export function freePort(): number {
  const l = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Where servy's access log goes: a file, as `servy serve > access.log`
 * has it (servy@baseline, before the batched log, logs nothing here).
 */
const accessLogFile = join(
  mkdtempSync(join(tmpdir(), "servy-access-")),
  "access.log",
);

/**
 * A Node server, pinned as the others: the binary's `serve`, its output
 * (course lines, the access log) appended to the access log file; or
 * node_http.cjs. Ready once it accepts a connection.
 */
async function startNodeServer(name: string, port: number) {
  const env = { ...Deno.env.toObject() };
  delete env.NODE_EXTRA_CA_CERTS; // else Node parses a CA bundle first
  const command = name === "servy_node"
    ? [BINARY, "serve", "--port", String(port)]
    : [
      which("node")!,
      join(ROOT, "bench/http_servers/node_http.cjs"),
      String(port),
    ];
  const child = spawn("sh", [
    "-c",
    'log="$1"; shift; exec taskset -c 1 "$@" >> "$log"',
    "sh",
    accessLogFile,
    ...command,
  ], { stdio: ["ignore", "ignore", "inherit"], env });
  return await listening(name, port, child);
}

/** Resolves to `child` once it accepts a connection on `port`. */
async function listening(
  name: string,
  port: number,
  child: ReturnType<typeof spawn>,
) {
  let exited = false;
  child.on("exit", () => (exited = true));
  for (let i = 0; i < 400 && !exited; i++) {
    try {
      (await Deno.connect({ port, hostname: "127.0.0.1" })).close();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`${name} did not listen on ${port}`);
}

/**
 * Starts a bench server pinned to core 1; resolves once it is ready.
 *
 * @param v8Flags passed to a Deno server's V8 (`--v8-flags=`)
 * @param outputFile where a Deno server's standard output goes (V8's traces
 *   too), so that it never waits on a pipe while wrk runs; then it is ready
 *   once it accepts a connection
 */
export async function startServer(
  name: string,
  port: number,
  v8Flags?: string,
  outputFile?: string,
) {
  if (NODE_SERVERS.includes(name)) return await startNodeServer(name, port);
  const script = serverScript(name);
  const output = outputFile === undefined ? "pipe" : openSync(outputFile, "w");
  const child = spawn("taskset", [
    "-c",
    "1",
    deno,
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    `--allow-write=${accessLogFile}`,
    ...(v8Flags === undefined ? [] : [`--v8-flags=${v8Flags}`]),
    script,
    String(port),
  ], {
    stdio: ["ignore", output, "inherit"],
    env: { ...Deno.env.toObject(), BENCH_HTTP_ACCESS_LOG: accessLogFile },
  });
  if (typeof output === "number") {
    closeSync(output); // the child has its own copy
    return await listening(name, port, child);
  }
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Uint8Array) => {
      if (String(d).includes("ready")) resolve();
    });
    child.on(
      "exit",
      (code) => reject(new Error(`${name} exited with ${code}`)),
    );
  });
  return child;
}

/** Removes the access log file the servers wrote. */
export function removeAccessLog(): void {
  rmSync(accessLogFile, { force: true });
}

/**
 * Starts `name` twice (the first start fills Deno's caches: the baseline's
 * temp dir is new, so its first start transpiles every module, which
 * leaves more resident, the emitter's pages and heap), and has the second
 * answer one request.
 *
 * @returns the second start, answered and idle
 */
async function warmStart(name: string, port: number) {
  const first = await startServer(name, port);
  await answerAndIdle(port); // killed at once, it would save no cache
  await new Promise((exited) => {
    first.on("exit", exited);
    first.kill("SIGKILL");
  });
  const child = await startServer(name, port);
  await answerAndIdle(port);
  return child;
}

/** One request, then half a second of idle. */
async function answerAndIdle(port: number): Promise<void> {
  await fetch(`http://127.0.0.1:${port}/wildthings`).then((r) => r.text());
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** The loads: keep-alive and `Connection: close` at 50 connections, keep-alive at 500. */
const MODES = {
  keepAlive: { close: false, connections: 50 },
  close: { close: true, connections: 50 },
  keepAlive500: { close: false, connections: 500 },
} as const;

export function wrk(
  port: number,
  seconds: number,
  close: boolean,
  connections = 50,
): WrkResult {
  const args = [
    "-c",
    "0",
    "wrk",
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--latency",
  ];
  if (close) args.push("-H", "Connection: close");
  args.push(`http://127.0.0.1:${port}/wildthings`);
  const out = execFileSync("taskset", args, { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(out);
  // Latency: avg, stdev, max, +/- stdev
  const max = /Latency(?:\s+[\d.]+(?:us|ms|s)\b){2}\s+([\d.]+)(us|ms|s)\b/
    .exec(out);
  return { rps, p99ms: ms(p99), maxms: ms(max) };
}

/** A wrk duration (`[text, number, unit]`) in milliseconds. */
function ms(match: RegExpExecArray | null): number {
  const scale = match?.[2] === "us" ? 0.001 : match?.[2] === "s" ? 1000 : 1;
  return Number(match?.[1]) * scale;
}

function rssKiB(pid: number): number {
  return Number(
    execFileSync("ps", ["-o", "rss=", "-p", String(pid)], {
      encoding: "utf8",
    }).trim(),
  );
}

/**
 * Runs every server under both loads, in interleaved rounds so that a
 * noisy moment of the machine hits them all alike.
 *
 * @returns the median of the rounds, by server and mode, and each
 *   server's resident memory idle (after one request) and after the load
 */
export async function benchHttp(): Promise<HttpResults> {
  if (!have("wrk") || !have("taskset")) {
    throw new Error("wrk and taskset are needed: apt-get install -y wrk");
  }
  const seconds = Number(Deno.env.get("BENCH_HTTP_SECONDS") ?? 3);
  const rounds = Number(Deno.env.get("BENCH_HTTP_ROUNDS") ?? 3);
  const servers = Deno.env.get("BENCH_HTTP_BASELINE")
    ? [SERVERS[0], BASELINE, ...SERVERS.slice(1)]
    : [...SERVERS];
  if (existsSync(BINARY) && have("node")) servers.push(...NODE_SERVERS);
  const ports = servers.map(() => freePort());
  const children = [];
  const idleRssKiB: Record<string, number> = {};
  const loadedRssKiB: Record<string, number> = {};
  try {
    for (const [i, name] of servers.entries()) {
      const child = await warmStart(name, ports[i]);
      children.push(child);
      idleRssKiB[name] = rssKiB(child.pid!);
      wrk(ports[i], 1, false); // warm up
    }
    const runs: Record<string, Record<string, WrkResult[]>> = {};
    const lastMode = Object.keys(MODES).at(-1);
    for (let round = 0; round < rounds; round++) {
      for (const [mode, load] of Object.entries(MODES)) {
        for (const [i, name] of servers.entries()) {
          ((runs[name] ??= {})[mode] ??= []).push(
            wrk(ports[i], seconds, load.close, load.connections),
          );
          // Read at once, not after the others' runs: a server left idle
          // longer has had more time to give memory back.
          if (round === rounds - 1 && mode === lastMode) {
            loadedRssKiB[name] = rssKiB(children[i].pid!);
          }
        }
      }
    }
    const results: Record<string, Record<string, WrkResult>> = {};
    for (const [name, modes] of Object.entries(runs)) {
      results[name] = {};
      for (const [mode, list] of Object.entries(modes)) {
        results[name][mode] = {
          rps: median(list.map((r) => r.rps)),
          p99ms: median(list.map((r) => r.p99ms)),
          maxms: median(list.map((r) => r.maxms)),
        };
      }
    }
    const loadedOnly = await warmStart("servy_loaded", freePort());
    children.push(loadedOnly);
    const loadedOnlyRssKiB = rssKiB(loadedOnly.pid!);
    return { wrk: results, idleRssKiB, loadedRssKiB, loadedOnlyRssKiB };
  } finally {
    for (const child of children) child.kill("SIGKILL");
    removeAccessLog();
  }
}

/** Loads servy for the soak time. @returns RSS samples in KiB, every tenth */
export async function soakServy(): Promise<number[]> {
  const seconds = Number(Deno.env.get("BENCH_SOAK_SECONDS") ?? 60);
  if (seconds <= 0) return [];
  const port = freePort();
  const child = await startServer("servy", port);
  const samples: number[] = [];
  try {
    const step = seconds / 10;
    for (let i = 0; i < 10; i++) {
      wrk(port, step, i % 2 === 1);
      samples.push(rssKiB(child.pid!));
    }
  } finally {
    child.kill("SIGKILL");
    removeAccessLog();
  }
  return samples;
}
