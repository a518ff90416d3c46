/**
 * `deno task bench [runtime|http]` (both by default): the runtime's
 * workloads, with Erlang/OTP's beside them (`erl +S 1`) when `erl` is
 * installed, and the HTTP server under wrk beside `Deno.serve` and a
 * minimal `Deno.listen` loop; the ratios of each.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchHttp, soakServy } from "./http.ts";
import { benchRuntime, type Figures } from "./runtime.ts";

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
  ping_pong: "ping-pong 1M round trips (ms)",
  gen_server_call: "GenServer.call x 100k, 5 s timeout (ms)",
};

async function runtimeBench(): Promise<void> {
  const ours = await benchRuntime();
  const theirs = erlang();
  console.log(
    `${"workload".padEnd(42)} ${"servy".padStart(10)} ${
      "erl +S 1".padStart(10)
    }  servy/erlang speed`,
  );
  for (const [key, label] of Object.entries(LABELS)) {
    const a = ours[key], b = theirs?.[key];
    const ratio = b === undefined
      ? ""
      : key === "bytes_per_process"
      ? `${(a / b).toFixed(2)}x the memory`
      : `${(b / a).toFixed(2)}x`;
    console.log(
      `${label.padEnd(42)} ${a.toFixed(0).padStart(10)} ${
        (b?.toFixed(0) ?? "-").padStart(10)
      }  ${ratio}`,
    );
  }
  if (theirs === undefined) {
    console.log(
      "(erl not found: apt-get install -y erlang-base erlang-dev for the Erlang side)",
    );
  }
}

async function httpBench(): Promise<void> {
  const r = await benchHttp();
  const names = Object.keys(r);
  const titles: Record<string, string> = {
    servy: "servy",
    "servy@baseline": `servy@${Deno.env.get("BENCH_HTTP_BASELINE")}`,
    deno_serve: "Deno.serve",
    minimal: "Deno.listen loop",
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
  }
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
    }x Deno.serve's (target at most 3)`,
  );
  console.log(
    `servy Connection: close: ${
      (r.servy.close.rps / r.minimal.close.rps).toFixed(2)
    }x the loop (target 0.9)`,
  );
  if (r["servy@baseline"] !== undefined) {
    const base = r["servy@baseline"];
    console.log(
      `servy / ${titles["servy@baseline"]}: keep-alive ${
        (r.servy.keepAlive.rps / base.keepAlive.rps).toFixed(3)
      }x, Connection: close ${
        (r.servy.close.rps / base.close.rps).toFixed(3)
      }x`,
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
if (which === "all" || which === "runtime") await runtimeBench();
if (which === "all" || which === "http") await httpBench();
