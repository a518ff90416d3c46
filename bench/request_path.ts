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
import { REQUESTS, RUNS } from "./request_path_child.ts";
import { median, roundRatios } from "./stats.ts";

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
        new URL("./request_path_child.ts", import.meta.url).pathname,
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
    const rs = roundRatios(figures.servy, figures[name]);
    if (rs === undefined) continue;
    console.log(
      `servy / ${name}: ${rs.median.toFixed(3)}x the time (rounds ${
        rs.lo.toFixed(3)
      }-${rs.hi.toFixed(3)})`,
    );
  }
  console.log(
    `medians of ${rounds} rounds (BENCH_REQUEST_ROUNDS), each` +
      ` the fastest of ${RUNS} runs of ${
        REQUESTS / 1000
      }k requests in a child process`,
  );
}
