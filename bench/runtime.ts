/**
 * The runtime's workloads, the same as servy_bench.erl's, on servy and on
 * the floor (floor_scheduler.ts), with `async function*` bodies and with
 * `function*` bodies: spawn and exit 100k processes, bytes per idle process,
 * a ring of 1,000 processes passing a token 1,000 times and one of 10,000
 * passing it 100 times, 1M ping-pong round trips, 100k GenServer calls
 * (servy's with the default 5 s timeout).
 *
 * Each row runs in its own `deno` process, so that the bodies' call sites
 * see one engine's objects and one workload's only (no polymorphic inline
 * caches shared between them) and each heap starts clean: warmed up on a
 * small run, then timed four times, the quickest kept. With
 * `BENCH_RUNTIME_BASELINE` (a git revision), servy as it was there runs in
 * each round too (its tree's own runtime.ts, extracted by baseline.ts).
 * Run as a script,
 * `runtime.ts <servy|floor> <async|sync> <row>` prints that row's figure
 * as JSON.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { memoryUsage } from "node:process";
import { setTimeout as delay } from "node:timers/promises";
import {
  type Body,
  GenServer,
  type GenServerModule,
  type Pid,
  type Self,
  startRuntime,
} from "../lib/actor/mod.ts";
import { BASELINE, baselineTree } from "./baseline.ts";
import type { Actor, Engine } from "./engine.ts";
import { Floor, type FloorProc } from "./floor_scheduler.ts";
import {
  asyncServer,
  call,
  type FloorReply,
  syncServer,
} from "./floor_gen_server.ts";
import * as asyncWorkloads from "./workloads_async.ts";
import * as syncWorkloads from "./workloads_sync.ts";

/** A run's results: milliseconds, or bytes for memory; none when the engine cannot run that body kind. */
export type Figures = Record<string, number>;

/** The engines, and the body kinds. */
export const ENGINES = ["servy", "floor"] as const;
export const KINDS = ["async", "sync"] as const;
type Kind = typeof KINDS[number];
type Workloads = typeof asyncWorkloads;

const gc = (globalThis as { gc?: () => void }).gc;

/** Timed runs of a workload in its process; the quickest counts. */
const TRIES = 4;

/**
 * @param warm a small run first, so that the timed ones run compiled code
 * @returns the least of {@linkcode TRIES} timings of `f`: on a shared,
 * noisy machine the quickest run is the one least disturbed by others
 */
async function timed(
  f: () => Promise<unknown>,
  warm: () => Promise<unknown>,
): Promise<number> {
  await warm();
  let best = Infinity;
  for (let i = 0; i < TRIES; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function idleBytes<A extends Actor<A>>(
  eng: Engine<A>,
  w: Workloads,
  n: number,
): Promise<number> {
  gc?.();
  const before = memoryUsage().heapUsed;
  const pids = w.spawnIdle(eng, n);
  await eng.settled();
  gc?.();
  const after = memoryUsage().heapUsed;
  for (const p of pids) eng.send(p, "stop");
  await eng.settled();
  return Math.round((after - before) / n);
}

/** The rows: each workload, measured on its own. */
const ROWS = {
  spawn_exit: (eng, w) =>
    timed(() => w.spawnExit(eng, 100_000), () => w.spawnExit(eng, 1000)),
  bytes_per_process: (eng, w) => idleBytes(eng, w, 100_000),
  ring: (eng, w) =>
    timed(() => w.ring(eng, 1000, 1000), () => w.ring(eng, 100, 100)),
  ring_10k: (eng, w) =>
    timed(() => w.ring(eng, 10_000, 100), () => w.ring(eng, 1000, 10)),
  ping_pong: (eng, w) =>
    timed(() => w.pingPong(eng, 1_000_000), () => w.pingPong(eng, 10_000)),
  gen_server_call: (eng, w) =>
    timed(() => w.calls(eng, 100_000), () => w.calls(eng, 10_000)),
} satisfies Record<
  string,
  <A extends Actor<A>>(eng: Engine<A>, w: Workloads) => Promise<number>
>;

/** The rows' names, as the Erlang side names them. */
export type Row = keyof typeof ROWS;
/** Every row, in the table's order. */
export const ROW_NAMES = Object.keys(ROWS) as Row[];

/**
 * Runs one row on `eng`: warmed up, then timed {@linkcode TRIES} times
 * (bytes: measured once). @returns the figure, by the row's name
 */
export async function benchEngine<A extends Actor<A>>(
  eng: Engine<A>,
  w: Workloads,
  row: Row,
): Promise<Figures> {
  return { [row]: await ROWS[row](eng, w) };
}

const Counter: GenServerModule<void, number> = {
  name: "Counter",
  init: () => ({ type: "ok", state: 0 }),
  handleCall: (_req, _from, state) => ({ type: "reply", reply: state, state }),
};

/** servy, as an engine; `Body` casts let `function*` bodies through to servy's own check. */
export function servyEngine(rt: ReturnType<typeof startRuntime>): Engine<Self> {
  return {
    run: (body) => rt.run(body),
    spawn: (body) => rt.spawn(body as Body),
    send: (to, msg) => void rt.send(to as Pid, msg),
    settled: () =>
      rt.run(async function* (self) {
        yield* self.sleep(1); // every process has reached its receive
      }).then(() => {}),
    startCounter: function* (self) {
      const r = yield* GenServer.start(self, Counter, undefined);
      if (typeof r !== "object" || r.type !== "ok") {
        throw new Error("start failed");
      }
      return r.pid;
    },
    call: (self, server, request) =>
      GenServer.call(self, server as Pid, request),
  };
}

const counter = (_req: unknown, state: unknown): FloorReply => ({
  type: "reply",
  reply: state,
  state,
});

/** The floor, as an engine; its counter server has bodies of `kind`. */
export function floorEngine(floor: Floor, kind: Kind): Engine<FloorProc> {
  const server = (kind === "async" ? asyncServer : syncServer)(counter, 0);
  return {
    run: (body) => floor.run(body),
    spawn: (body) => floor.spawn(body),
    send: (to, msg) => floor.send(to as FloorProc, msg),
    settled: async () => {
      while (!floor.idle) await delay(1);
    },
    startCounter: function* (self) {
      return self.spawn(server);
    },
    call: (self, server, request) => call(self, server, request),
  };
}

/** @returns whether servy accepts `function*` bodies (`spawn` raised no TypeError) */
function servyTakesSync(rt: ReturnType<typeof startRuntime>): boolean {
  try {
    rt.spawn(function* () {} as unknown as Body);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/** Runs one row on `engine` with bodies of `kind`, in this process. @returns the figure; none if servy refuses the kind */
export async function benchHere(
  engine: typeof ENGINES[number],
  kind: Kind,
  row: Row,
): Promise<Figures> {
  const w = kind === "async" ? asyncWorkloads : syncWorkloads;
  if (engine === "floor") {
    return benchEngine(floorEngine(new Floor(), kind), w, row);
  }
  await using rt = startRuntime();
  if (kind === "sync" && !servyTakesSync(rt)) return {};
  return await benchEngine(servyEngine(rt), w, row); // before rt is disposed
}

/**
 * One engine's run of one row and body kind, in a new `deno` process: this
 * tree's runtime.ts, or the baseline tree's with its servy.
 */
function benchProcess(
  engine: typeof ENGINES[number] | typeof BASELINE,
  kind: Kind,
  row: Row,
  baseline: string | undefined,
): Figures {
  const script = engine === BASELINE
    ? join(baseline!, "bench/runtime.ts")
    : new URL(import.meta.url).pathname;
  const json = execFileSync(Deno.execPath(), [
    "run",
    "--allow-read",
    "--allow-env",
    "--v8-flags=--expose-gc",
    script,
    engine === BASELINE ? "servy" : engine,
    kind,
    row,
  ], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(json);
}

/** The runs of every engine and body kind, by `engine/kind`: one per round. */
export type Rounds = Record<string, Figures[]>;

/**
 * Runs every engine, body kind and row `rounds` times, each row in a new
 * `deno` process. Each row's servy and floor runs are back to back, in
 * turn first from round to round, so that a pair shares the machine's
 * moment and neither always inherits the other's heat: the ratio of a pair
 * is the fair comparison on a noisy machine. With `BENCH_RUNTIME_BASELINE`
 * (a git revision), servy as it was there runs beside them, as
 * {@linkcode BASELINE}.
 *
 * @param rounds how many runs of each (`BENCH_RUNTIME_ROUNDS`, default 3)
 * @returns the runs by `engine/kind`, in round order
 */
export function benchRuntime(
  rounds = Number(Deno.env.get("BENCH_RUNTIME_ROUNDS") ?? 3),
): Rounds {
  const rev = Deno.env.get("BENCH_RUNTIME_BASELINE");
  const baseline = rev === undefined ? undefined : baselineTree(rev);
  const engines: (typeof ENGINES[number] | typeof BASELINE)[] =
    baseline === undefined ? [...ENGINES] : [ENGINES[0], BASELINE, ENGINES[1]];
  const out: Rounds = {};
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? engines : [...engines].reverse();
    for (const kind of KINDS) {
      for (const row of ROW_NAMES) {
        for (const engine of order) {
          const runs = out[`${engine}/${kind}`] ??= [];
          const figures = benchProcess(engine, kind, row, baseline);
          Object.assign(runs[round] ??= {}, figures);
        }
      }
    }
  }
  return out;
}

if (import.meta.main) {
  const [engine, kind, row] = Deno.args as [
    typeof ENGINES[number],
    Kind,
    Row,
  ];
  if (
    !ENGINES.includes(engine) || !KINDS.includes(kind) ||
    !ROW_NAMES.includes(row)
  ) {
    throw new TypeError(
      `Usage: runtime.ts <servy|floor> <async|sync> <${ROW_NAMES.join("|")}>`,
    );
  }
  console.log(JSON.stringify(await benchHere(engine, kind, row)));
}
