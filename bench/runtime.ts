/**
 * The runtime's workloads, the same as servy_bench.erl's, on servy and on
 * the floor (floor_scheduler.ts), with `async function*` bodies and with
 * `function*` bodies: spawn and exit 100k processes, bytes per idle process,
 * a ring of 1,000 processes passing a token 1,000 times and one of 10,000
 * passing it 100 times, 1M ping-pong round trips, 100k GenServer calls
 * (servy's with the default 5 s timeout).
 *
 * Each timed workload runs three times in a row and its quickest time is
 * kept. Each engine and body kind runs in its own `deno` process, so that the
 * bodies' call sites see one engine's objects only (no polymorphic inline
 * caches shared between the two) and each heap starts clean. Run as a
 * script, `runtime.ts <servy|floor> <async|sync>` prints that run's figures
 * as JSON.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
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

/** Runs of each timed workload in a process; the quickest counts. */
const TRIES = 3;

/**
 * @returns the least of {@linkcode TRIES} timings of `f`: on a shared,
 * noisy machine the quickest run is the one least disturbed by others
 */
async function timed(f: () => Promise<unknown>): Promise<number> {
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

/** Runs every workload once on `eng`. @returns the figures, named as the Erlang side names them */
export async function benchEngine<A extends Actor<A>>(
  eng: Engine<A>,
  w: Workloads,
): Promise<Figures> {
  const n = 100_000;
  await w.spawnExit(eng, 1000); // warm-up
  await w.ring(eng, 100, 100);
  await w.pingPong(eng, 10_000);
  await w.calls(eng, 10_000);
  return {
    spawn_exit: await timed(() => w.spawnExit(eng, n)),
    bytes_per_process: await idleBytes(eng, w, n),
    ring: await timed(() => w.ring(eng, 1000, 1000)),
    ring_10k: await timed(() => w.ring(eng, 10_000, 100)),
    ping_pong: await timed(() => w.pingPong(eng, 1_000_000)),
    gen_server_call: await timed(() => w.calls(eng, n)),
  };
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

/** Runs the workloads on `engine` with bodies of `kind`, in this process. @returns the figures; none if servy refuses the kind */
export async function benchHere(
  engine: typeof ENGINES[number],
  kind: Kind,
): Promise<Figures> {
  const w = kind === "async" ? asyncWorkloads : syncWorkloads;
  if (engine === "floor") return benchEngine(floorEngine(new Floor(), kind), w);
  await using rt = startRuntime();
  if (kind === "sync" && !servyTakesSync(rt)) return {};
  return await benchEngine(servyEngine(rt), w); // before rt is disposed
}

/** One engine's run of one body kind, in a new `deno` process. */
function benchProcess(engine: typeof ENGINES[number], kind: Kind): Figures {
  const json = execFileSync(Deno.execPath(), [
    "run",
    "--allow-read",
    "--allow-env",
    "--v8-flags=--expose-gc",
    new URL(import.meta.url).pathname,
    engine,
    kind,
  ], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(json);
}

/** The runs of every engine and body kind, by `engine/kind`: one per round. */
export type Rounds = Record<string, Figures[]>;

/**
 * Runs every engine and body kind `rounds` times, each run in a new `deno`
 * process. Within a round servy and the floor run back to back, in turn
 * first, so that a pair shares the machine's moment and neither always
 * inherits the other's heat: the ratio of a pair is the fair comparison
 * on a noisy machine.
 *
 * @param rounds how many runs of each (`BENCH_RUNTIME_ROUNDS`, default 5)
 * @returns the runs by `engine/kind`, in round order
 */
export function benchRuntime(
  rounds = Number(Deno.env.get("BENCH_RUNTIME_ROUNDS") ?? 5),
): Rounds {
  const out: Rounds = {};
  for (let round = 0; round < rounds; round++) {
    for (const kind of KINDS) {
      const order = round % 2 === 0 ? ENGINES : [...ENGINES].reverse();
      for (const engine of order) {
        (out[`${engine}/${kind}`] ??= []).push(benchProcess(engine, kind));
      }
    }
  }
  return out;
}

/** @returns the median of `xs` (the mean of the middle two when even) */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

if (import.meta.main) {
  const [engine, kind] = Deno.args as [typeof ENGINES[number], Kind];
  if (!ENGINES.includes(engine) || !KINDS.includes(kind)) {
    throw new TypeError(`Usage: runtime.ts <servy|floor> <async|sync>`);
  }
  console.log(JSON.stringify(await benchHere(engine, kind)));
}
