/**
 * The start-up bench: the time from spawning a server to its first
 * `200 OK` for `GET /wildthings`, polled with a connect every millisecond
 * from this process (no process per poll, as curl in a loop would cost).
 * The engines take turns, run after run, so the machine's noise falls on
 * each alike:
 *
 * - `servy serve` with `deno run main.ts`, beside `Deno.serve` answering
 *   the same body (http_servers/deno_serve.ts);
 * - when dist/servy-node is built and `node` is installed: the binary,
 *   beside Node's `http.createServer` (http_servers/node_http.cjs). Both run
 *   without `NODE_EXTRA_CA_CERTS`, which makes Node parse a CA bundle at
 *   start (~50 ms here); when the environment sets it, the binary runs once
 *   more with it.
 *
 * Environment: `BENCH_STARTUP_RUNS` (default 20) per engine.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { freePort, which } from "./http.ts";
import { median, quantile } from "./stats.ts";

const root = new URL("..", import.meta.url).pathname;
const deno = Deno.execPath();
const EXTRA_CA = "NODE_EXTRA_CA_CERTS";

interface Engine {
  label: string;
  command: (port: number) => string[];
  /** Runs without NODE_EXTRA_CA_CERTS. */
  noExtraCa?: boolean;
}

function engines(): Engine[] {
  const read = ["--allow-net", "--allow-env", "--allow-read"];
  const list: Engine[] = [
    {
      label: "servy serve (deno run main.ts)",
      command: (
        port,
      ) => [
        deno,
        "run",
        ...read,
        `${root}main.ts`,
        "serve",
        "--port",
        `${port}`,
      ],
    },
    {
      label: "Deno.serve",
      command: (port) => [
        deno,
        "run",
        ...read,
        `${root}bench/http_servers/deno_serve.ts`,
        `${port}`,
      ],
    },
  ];
  const binary = `${root}dist/servy-node`;
  const node = which("node");
  if (existsSync(binary) && node !== undefined) {
    const servyNode = (port: number) => [binary, "serve", "--port", `${port}`];
    list.push(
      { label: "dist/servy-node serve", command: servyNode, noExtraCa: true },
      {
        label: "node http.createServer",
        command: (port) => [
          node,
          `${root}bench/http_servers/node_http.cjs`,
          `${port}`,
        ],
        noExtraCa: true,
      },
    );
    if (Deno.env.get(EXTRA_CA) !== undefined) {
      list.push({
        label: `dist/servy-node serve, ${EXTRA_CA} set`,
        command: servyNode,
      });
    }
  }
  return list;
}

const GET = new TextEncoder().encode(
  "GET /wildthings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
);

/** One connect and request: whether it was answered 200. */
async function answered(port: number): Promise<boolean> {
  let conn: Deno.Conn;
  try {
    conn = await Deno.connect({ port, hostname: "127.0.0.1" });
  } catch {
    return false; // not listening yet
  }
  try {
    await conn.write(GET);
    const buf = new Uint8Array(64);
    const n = await conn.read(buf);
    return n !== null &&
      new TextDecoder().decode(buf.subarray(0, n)).startsWith(
        "HTTP/1.1 200 ",
      );
  } catch {
    return false;
  } finally {
    conn.close();
  }
}

/** @returns ms from the spawn to the first 200 */
async function startUp(engine: Engine): Promise<number> {
  const port = freePort();
  const [cmd, ...args] = engine.command(port);
  const env = Deno.env.toObject();
  if (engine.noExtraCa) delete env[EXTRA_CA];
  const start = performance.now();
  const child = new Deno.Command(cmd, {
    args,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  child.status.then(() => (exited = true));
  try {
    while (!(await answered(port))) {
      if (exited) throw new Error(`${engine.label} exited before answering`);
      await new Promise((r) => setTimeout(r, 1));
    }
    return performance.now() - start;
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // it exited already
    }
    await child.status;
  }
}

/** Runs the bench and prints its table. */
export async function benchStartup(): Promise<void> {
  const runs = Number(Deno.env.get("BENCH_STARTUP_RUNS") ?? 20);
  const list = engines();
  const times = list.map(() => [] as number[]);
  for (const engine of list) await startUp(engine); // caches warm
  for (let i = 0; i < runs; i++) {
    for (const [j, engine] of list.entries()) {
      times[j].push(await startUp(engine));
    }
  }
  console.log(
    `${"start-up to the first 200 (ms)".padEnd(44)} ${
      ["median", "min", "p90"].map((h) => h.padStart(8)).join(" ")
    }`,
  );
  for (const [j, engine] of list.entries()) {
    const t = times[j];
    console.log(
      `  ${engine.label.padEnd(42)} ${
        [median(t), Math.min(...t), quantile(t, 0.9)]
          .map((v) => v.toFixed(1).padStart(8)).join(" ")
      }`,
    );
  }
  const med = (label: string) => {
    const j = list.findIndex((e) => e.label === label);
    return j === -1 ? undefined : median(times[j]);
  };
  const servy = med(list[0].label)!, denoServe = med("Deno.serve")!;
  console.log(
    `${runs} runs each, the engines in turn. servy (deno run): ${
      servy.toFixed(1)
    } ms (target under 60), ${(servy / denoServe).toFixed(2)}x Deno.serve's`,
  );
  const binary = med("dist/servy-node serve"),
    nodeHttp = med("node http.createServer");
  if (binary !== undefined && nodeHttp !== undefined) {
    console.log(
      `servy-node: ${binary.toFixed(1)} ms (target under 100), ${
        (binary / nodeHttp).toFixed(2)
      }x Node http's`,
    );
  } else {
    console.log(
      "(no dist/servy-node or no node: npm run build:binary for the binary's row)",
    );
  }
}
