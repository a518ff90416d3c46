/**
 * The request path's bench: what servy's JavaScript costs per keep-alive
 * request, with no kernel and no client in the figure. One connection's
 * process serves `GET /wildthings` over an in-memory socket, as the bench
 * server does: the read gate, the reader and parser, the Servy app, the
 * access log (into a device that takes every write at once), the
 * response's formatting and encoding, the connection's deadlines. Every
 * 32nd read lands after a host turn, as a socket's reads do, so the
 * access log's beat and the gate's sweeps run as under load.
 *
 * wrk's figures move with the client and the machine: a request's
 * `sendto` costs 7 µs when the client is busy and 11 µs when it sleeps
 * (woken per response). These figures stay within a few percent, so they
 * tell a change to the path apart where wrk's cannot.
 *
 * `deno task bench request`. Environment: `BENCH_REQUEST_ROUNDS`
 * (default 5) child processes a tree, alternating; `BENCH_REQUEST_BASELINE`
 * (a git revision): also servy at that revision, each round beside this
 * tree's.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { baselineTree, ROOT } from "./baseline.ts";
import { median } from "./stats.ts";

/** Requests a child times, per run. */
const REQUESTS = 50_000;
/**
 * Runs a child times, after two to warm up; it reports the fastest, since
 * on a shared machine noise only ever adds (its runs spread 2.9–5.4 µs).
 */
const RUNS = 9;
const REQUEST = "GET /wildthings HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\r\n";

/** {@linkcode benchRequestPath}'s figures: ns a request, by tree. */
export type PathFigures = Record<string, number[]>;

/**
 * Runs the rounds, each tree in a child process of its own.
 *
 * @returns each tree's ns per request, one figure a round
 */
export function benchRequestPath(): PathFigures {
  const rounds = Number(Deno.env.get("BENCH_REQUEST_ROUNDS") ?? 5);
  const rev = Deno.env.get("BENCH_REQUEST_BASELINE");
  const trees: Record<string, string> = { servy: ROOT };
  if (rev !== undefined) trees[`servy@${rev}`] = baselineTree(rev);
  const figures: PathFigures = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, root] of Object.entries(trees)) {
      const out = execFileSync(Deno.execPath(), [
        "run",
        "--allow-read",
        "--allow-env",
        new URL(import.meta.url).pathname,
        root,
      ], { encoding: "utf8" });
      (figures[name] ??= []).push(Number(out.trim()));
    }
  }
  return figures;
}

/** Prints {@linkcode benchRequestPath}'s table. */
export function printRequestPath(figures: PathFigures): void {
  const names = Object.keys(figures);
  const rounds = figures.servy.length;
  console.log(
    `${"GET /wildthings, in memory".padEnd(32)} ${
      names.map((n) => n.padStart(16)).join(" ")
    }`,
  );
  console.log(
    `${"ns per request".padEnd(32)} ${
      names.map((n) => median(figures[n]).toFixed(0).padStart(16)).join(" ")
    }`,
  );
  for (const name of names.slice(1)) {
    const rs = figures.servy.map((v, i) => v / figures[name][i]);
    console.log(
      `servy / ${name}: ${median(rs).toFixed(3)}x the time (rounds ${
        Math.min(...rs).toFixed(3)
      }-${Math.max(...rs).toFixed(3)})`,
    );
  }
  console.log(
    `medians of ${rounds} rounds (BENCH_REQUEST_ROUNDS), each` +
      ` the fastest of ${RUNS} runs of ${
        REQUESTS / 1000
      }k requests in a child process`,
  );
}

/** A child: serves the requests with the tree at `root`, prints ns each. */
async function child(root: string): Promise<void> {
  const at = (path: string) => import(`${root}/lib/${path}`);
  const { realClock, startRuntime } = await at("actor/mod.ts");
  const http = await at("http/mod.ts");
  const { handler } = await at("servy/handler.ts");
  const { readGate } = await at("net/deno_tcp.ts");
  const request = new TextEncoder().encode(REQUEST);
  const turn = new MessageChannel();
  let landed = () => {};
  turn.port2.onmessage = () => landed();
  const source = {
    left: 0,
    read(buffer: Uint8Array): Promise<number | null> {
      if (this.left-- <= 0) return Promise.resolve(null);
      buffer.set(request);
      if (this.left % 32 !== 0) return Promise.resolve(request.length);
      return new Promise((resolve) => {
        landed = () => resolve(request.length);
        turn.port1.postMessage(null);
      });
    },
  };
  const took = (data: Uint8Array) => Promise.resolve(data.length);
  const socket = {
    read: (buffer: Uint8Array) => readGate.read(source, buffer),
    write: took,
    closeWrite: () => Promise.resolve(),
    close: () => {},
  };
  const buffer = new http.LogBuffer({ write: took, writeSync: took });
  const options = {
    handler: handler({ log: http.accessLog(buffer, realClock) }),
    table: new http.ConnectionTable(),
    server: "servy",
  };
  const rt = startRuntime();
  const serve = (n: number) =>
    new Promise<number>((done) => {
      source.left = n;
      const start = performance.now();
      // deno-lint-ignore no-explicit-any
      rt.spawn(async function* (self: any) {
        yield* http.serveConnection(self, socket, options);
        done((performance.now() - start) * 1e6 / n);
      });
    });
  for (let i = 0; i < 2; i++) await serve(REQUESTS); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await serve(REQUESTS));
  if (buffer.discardedTotal > 0) throw new Error("the access log discarded");
  turn.port1.close();
  console.log(Math.min(...runs).toFixed(0));
}

if (import.meta.main) {
  await child(Deno.args[0]);
  // The runtime's host timer for the connection's idle deadline, cancelled
  // lazily, would hold the child for seconds more.
  Deno.exit(0);
}
