/**
 * `deno task bench`: the runtime's workloads, with Erlang/OTP's beside them
 * (`erl +S 1`) when `erl` is installed, and the ratios.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
