/**
 * V8's garbage collector under `Connection: close` load: servy, the bare
 * `Deno.listen` loop, and servy@baseline when `BENCH_HTTP_BASELINE` is
 * set. Each is started with `--trace-gc-nvp`, warmed up for a second, then
 * loaded for `BENCH_HTTP_SECONDS` (wrk -c50, pinned as the other rows);
 * what its V8 printed during the load gives the collections per 1,000
 * requests, the MB each minor GC kept (what it found alive: a connection
 * already closed that a minor GC still keeps is the leak-like pattern this
 * row is for), and the pauses per request.
 *
 * @module
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASELINE } from "./baseline.ts";
import { freePort, removeAccessLog, startServer, wrk } from "./http.ts";

/** One server's collections during the load. */
export interface GcFigures {
  requests: number;
  /** Minor GCs (scavenges). */
  scavenges: number;
  /** Full GCs (mark-compact). */
  fullGcs: number;
  /** MB found alive by a minor GC, on average. */
  keptMB: number;
  /** All collections' pauses, in µs per request. */
  pauseUs: number;
}

/** @returns the figures of what V8 printed, `--trace-gc-nvp` lines */
export function gcFigures(trace: string, requests: number): GcFigures {
  let scavenges = 0, fullGcs = 0, kept = 0, pause = 0;
  for (const line of trace.split("\n")) {
    const kind = /"gc":"(\w+)"/.exec(line)?.[1];
    if (kind === undefined) continue;
    pause += Number(/"pause":([\d.]+)/.exec(line)?.[1] ?? 0);
    if (kind === "s") {
      scavenges++;
      kept += Number(/"new_space_survived":(\d+)/.exec(line)?.[1] ?? 0);
    } else if (kind === "mc") fullGcs++;
  }
  return {
    requests,
    scavenges,
    fullGcs,
    keptMB: scavenges === 0 ? 0 : kept / scavenges / 1e6,
    pauseUs: requests === 0 ? 0 : pause * 1000 / requests,
  };
}

/** @returns each server's figures, by name */
export async function gcUnderClose(): Promise<Record<string, GcFigures>> {
  const seconds = Number(Deno.env.get("BENCH_HTTP_SECONDS") ?? 3);
  const names = ["servy", "minimal"];
  if (Deno.env.get("BENCH_HTTP_BASELINE")) names.splice(1, 0, BASELINE);
  const figures: Record<string, GcFigures> = {};
  const dir = mkdtempSync(join(tmpdir(), "servy-gc-"));
  try {
    for (const name of names) {
      const port = freePort();
      const out = join(dir, `${name}.out`);
      const child = await startServer(name, port, "--trace-gc-nvp", out);
      try {
        wrk(port, 1, true); // warm up
        const from = readFileSync(out, "utf8").length;
        const { rps } = wrk(port, seconds, true);
        const trace = readFileSync(out, "utf8").slice(from);
        figures[name] = gcFigures(trace, Math.round(rps * seconds));
      } finally {
        child.kill("SIGKILL");
      }
    }
  } finally {
    removeAccessLog();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
