/**
 * `deno task bench [runtime|http|request|startup]` (all by default): the
 * runtime's workloads on servy and on the floor scheduler
 * (floor_scheduler.ts), with `async function*` and with `function*` bodies,
 * and Erlang/OTP's beside them (`erl +S 1`) when `erl` is installed; the
 * HTTP server under wrk beside `Deno.serve` and a minimal `Deno.listen`
 * loop; servy's JavaScript per keep-alive request over an in-memory socket
 * (request_path.ts); the start-up to the first served request beside
 * `Deno.serve`'s (startup.ts); the ratios of each.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchHttp, soakServy } from "./http.ts";
import { gcUnderClose } from "./http_gc.ts";
import { BASELINE } from "./baseline.ts";
import { benchRuntime, type Figures, KINDS, type Rounds } from "./runtime.ts";
import { median, roundRatios } from "./stats.ts";
import { benchRequestPath, printRequestPath } from "./request_path.ts";
import { benchStartup } from "./startup.ts";

function erlang(): Figures | undefined {
  try {
    const dir = mkdtempSync(join(tmpdir(), "servy-bench-"));
    const src = new URL("./servy_bench.erl", import.meta.url).pathname;
    execFileSync("erlc", ["-o", dir, src]);
    const out = execFileSync("erl", [
      "+S",
      "1",
      "-noshell",
      "-pa",
      dir,
      "-eval",
      "servy_bench:main()",
    ], {
      encoding: "utf8",
    });
    return Object.fromEntries(
      out.trim().split("\n").map((l) => {
        const [k, v] = l.split(" ");
        return [k, Number(v)];
      }),
    );
  } catch {
    return undefined;
  }
}

const LABELS: Record<string, string> = {
  spawn_exit: "spawn+exit 100k processes (ms)",
  bytes_per_process: "bytes per idle process",
  ring: "ring 1,000 x 1,000 = 1M messages (ms)",
  ring_10k: "ring 10,000 x 100 = 1M messages (ms)",
  ping_pong: "ping-pong 1M round trips (ms)",
  gen_server_call: "GenServer.call x 100k (ms)",
};

const KIND_TITLES = {
  async: "async function* bodies",
  sync: "function* bodies",
} as const;

/** `a / b` as a cost ("x the time"), or speed when `speed`; "-" without both. */
function ratio(
  key: string,
  a: number | undefined,
  b: number | undefined,
  speed: boolean,
): string {
  if (a === undefined || b === undefined) return "-";
  if (key === "bytes_per_process") return `${(a / b).toFixed(2)}x memory`;
  return speed ? `${(b / a).toFixed(2)}x speed` : `${(a / b).toFixed(2)}x time`;
}

/** Each row's median over the rounds. */
function medians(runs: Figures[]): Figures {
  const out: Figures = {};
  for (const key of Object.keys(runs[0] ?? {})) {
    out[key] = median(runs.map((r) => r[key]));
  }
  return out;
}

/** servy's time over the floor's in each round: the median, and the range. */
function pairRatios(key: string, servy: Figures[], floor: Figures[]): string {
  const rs = roundRatios(servy.map((s) => s[key]), floor.map((f) => f[key]));
  if (rs === undefined) return "-";
  return `${ratio(key, rs.median, 1, false)} (${rs.lo.toFixed(2)}-${
    rs.hi.toFixed(2)
  })`;
}

function runtimeBench(): void {
  const runs = benchRuntime();
  const rounds = runs["servy/sync"]?.length ?? 0;
  const theirs = erlang();
  const cell = (v: number | undefined, na: boolean) =>
    (na ? "n/a" : v?.toFixed(0) ?? "-").padStart(10);
  console.log(
    `${"workload".padEnd(42)} ${"servy".padStart(10)} ${"floor".padStart(10)} ${
      "erl +S 1".padStart(10)
    } ${"servy/floor".padStart(26)} ${"servy/erlang".padStart(16)}`,
  );
  for (const kind of KINDS) {
    console.log(KIND_TITLES[kind]);
    const servyRuns = runs[`servy/${kind}`], floorRuns = runs[`floor/${kind}`];
    const servy = medians(servyRuns), floor = medians(floorRuns);
    const na = Object.keys(servy).length === 0;
    for (const [key, label] of Object.entries(LABELS)) {
      const a = servy[key], f = floor[key], e = theirs?.[key];
      console.log(
        `  ${label.padEnd(40)} ${cell(a, na)} ${cell(f, false)} ${
          cell(e, false)
        } ${(na ? "-" : pairRatios(key, servyRuns, floorRuns)).padStart(26)} ${
          ratio(key, a, e, true).padStart(16)
        }`,
      );
    }
  }
  console.log(
    `servy, floor: medians of ${rounds} rounds (BENCH_RUNTIME_ROUNDS), each row` +
      " in its own process, the two engines back to back in each round." +
      " servy/floor: the median of the rounds' ratios, and their range.",
  );
  console.log(
    "servy/floor: servy's time (memory) over the floor's, target at most 1.3x;" +
      " servy/erlang: servy's speed (memory) against erl +S 1's." +
      " Calls have the default 5 s timeout on both.",
  );
  if (
    runs["servy/sync"] !== undefined &&
    Object.keys(runs["servy/sync"][0] ?? {}).length === 0
  ) {
    console.log("n/a: servy's spawn raises a TypeError for function* bodies");
  }
  if (theirs === undefined) {
    console.log(
      "(erl not found: apt-get install -y erlang-base erlang-dev for the Erlang side)",
    );
  }
  baselineRows(runs);
}

/** With BENCH_RUNTIME_BASELINE: servy over servy as it was, row by row. */
function baselineRows(runs: Rounds): void {
  const rev = Deno.env.get("BENCH_RUNTIME_BASELINE");
  if (rev === undefined) return;
  console.log(
    `${"servy / servy@" + rev}`.padEnd(42) +
      ` ${"servy".padStart(10)} ${"baseline".padStart(10)} ${
        "servy/baseline".padStart(26)
      }`,
  );
  for (const kind of KINDS) {
    console.log(KIND_TITLES[kind]);
    const ours = runs[`servy/${kind}`], base = runs[`${BASELINE}/${kind}`];
    const a = medians(ours), b = medians(base);
    for (const [key, label] of Object.entries(LABELS)) {
      console.log(
        `  ${label.padEnd(40)} ${(a[key]?.toFixed(0) ?? "-").padStart(10)} ${
          (b[key]?.toFixed(0) ?? "-").padStart(10)
        } ${pairRatios(key, ours, base).padStart(26)}`,
      );
    }
  }
}

async function httpBench(): Promise<void> {
  const { wrk: r, idleRssKiB, loadedRssKiB, loadedOnlyRssKiB } =
    await benchHttp();
  const names = Object.keys(r);
  const titles: Record<string, string> = {
    servy: "servy",
    [BASELINE]: `servy@${Deno.env.get("BENCH_HTTP_BASELINE")}`,
    deno_serve: "Deno.serve",
    minimal: "Deno.listen loop",
    servy_node: "servy-node (SEA)",
    node_http: "Node http",
  };
  const line = (label: string, cells: string[]) =>
    console.log(
      `${label.padEnd(28)} ${cells.map((c) => c.padStart(16)).join(" ")}`,
    );
  line("wrk -c50, GET /wildthings", names.map((n) => titles[n] ?? n));
  const labels = {
    keepAlive: "keep-alive",
    close: "Connection: close",
    keepAlive500: "keep-alive -c500",
  } as const;
  for (const mode of ["keepAlive", "close", "keepAlive500"] as const) {
    const label = labels[mode];
    line(`${label} req/s`, names.map((n) => r[n][mode].rps.toFixed(0)));
    line(`${label} p99 (ms)`, names.map((n) => r[n][mode].p99ms.toFixed(2)));
    line(`${label} max (ms)`, names.map((n) => r[n][mode].maxms.toFixed(2)));
  }
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  line("RSS idle (MiB)", names.map((n) => mib(idleRssKiB[n])));
  line("RSS after its last run (MiB)", names.map((n) => mib(loadedRssKiB[n])));
  console.log(
    `servy idle RSS: ${mib(idleRssKiB.servy)} MiB (target under 40); ` +
      `with servy's modules loaded and none run (http_servers/servy_loaded.ts) ` +
      `the loop takes ${mib(loadedOnlyRssKiB)} MiB, alone ${
        mib(idleRssKiB.minimal)
      }`,
  );
  const ka = (k: string) => r[k].keepAlive;
  console.log(
    `servy keep-alive: ${
      (ka("servy").rps / ka("deno_serve").rps).toFixed(2)
    }x Deno.serve (target 1.0), ` +
      `${
        (ka("servy").rps / ka("minimal").rps).toFixed(2)
      }x the loop (target 0.7), ` +
      `p99 ${
        (ka("servy").p99ms / ka("deno_serve").p99ms).toFixed(2)
      }x Deno.serve's (target at most 2)`,
  );
  const c500 = (k: string) => r[k].keepAlive500;
  console.log(
    `servy keep-alive -c500: p99 ${
      (c500("servy").p99ms / c500("deno_serve").p99ms).toFixed(2)
    }x Deno.serve's (target at most 3), the longest wait ${
      c500("servy").maxms.toFixed(0)
    } ms (target at most 100)`,
  );
  if (r.servy_node !== undefined) {
    const bin = r.servy_node.keepAlive500, node = r.node_http.keepAlive500;
    console.log(
      `servy-node keep-alive -c500: p99 ${
        bin.p99ms.toFixed(1)
      } ms, the longest wait ${
        bin.maxms.toFixed(0)
      } ms; Node http.createServer's ${node.p99ms.toFixed(1)} and ${
        node.maxms.toFixed(0)
      } ms`,
    );
  } else {
    console.log(
      "(no dist/servy-node or no node: npm run build:binary for the binary's columns)",
    );
  }
  console.log(
    `servy Connection: close: ${
      (r.servy.close.rps / r.minimal.close.rps).toFixed(2)
    }x the loop (target 0.9)`,
  );
  if (r[BASELINE] !== undefined) {
    const base = r[BASELINE];
    console.log(
      `servy / ${titles[BASELINE]}: keep-alive ${
        (r.servy.keepAlive.rps / base.keepAlive.rps).toFixed(3)
      }x, Connection: close ${
        (r.servy.close.rps / base.close.rps).toFixed(3)
      }x`,
    );
  }
  const gc = await gcUnderClose();
  for (const [name, f] of Object.entries(gc)) {
    const per1k = (n: number) => (n * 1000 / f.requests).toFixed(2);
    console.log(
      `GC under Connection: close, ${titles[name] ?? name}: ${
        per1k(f.scavenges)
      } minor and ${per1k(f.fullGcs)} full GCs per 1,000 requests, ${
        f.keptMB.toFixed(2)
      } MB kept by each minor one, ${
        f.pauseUs.toFixed(2)
      } µs of pauses a request`,
    );
  }
  const rss = await soakServy();
  if (rss.length > 0) {
    console.log(
      `servy soak RSS (MiB, every tenth): ${
        rss.map((k) => (k / 1024).toFixed(1)).join(" ")
      }`,
    );
  }
}

const which = Deno.args[0] ?? "all";
if (which === "all" || which === "runtime") runtimeBench();
if (which === "all" || which === "http") await httpBench();
if (which === "all" || which === "request") {
  printRequestPath(benchRequestPath());
}
if (which === "all" || which === "startup") await benchStartup();
