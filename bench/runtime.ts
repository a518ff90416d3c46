/**
 * The runtime's four workloads, the same as servy_bench.erl's: spawn and
 * exit 100k processes, bytes per idle process, a ring of 1,000 processes
 * passing a token 1,000 times, 1M ping-pong round trips, 100k GenServer
 * calls with the default 5 s timeout.
 *
 * @module
 */

import { memoryUsage } from "node:process";
import {
  type GenServerModule,
  type Pid,
  type Runtime,
  startRuntime,
} from "../lib/actor/mod.ts";

/** A workload's result: milliseconds, or bytes for memory. */
export type Figures = Record<string, number>;

const gc = (globalThis as { gc?: () => void }).gc;

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

function spawnExit(rt: Runtime, n: number): Promise<unknown> {
  return rt.run(async function* (self) {
    for (let i = 0; i < n; i++) self.monitor(self.spawn(async function* () {}));
    for (let i = 0; i < n; i++) yield* self.receive();
  });
}

async function idleBytes(rt: Runtime, n: number): Promise<number> {
  gc?.();
  const before = memoryUsage().heapUsed;
  const pids: Pid[] = [];
  for (let i = 0; i < n; i++) {
    pids.push(rt.spawn(async function* (self) {
      yield* self.receive((m): m is "stop" => m === "stop");
    }));
  }
  await rt.run(async function* (self) {
    yield* self.sleep(1); // every process has reached its receive
  });
  gc?.();
  const after = memoryUsage().heapUsed;
  for (const p of pids) rt.send(p, "stop");
  return Math.round((after - before) / n);
}

function ring(rt: Runtime, size: number, laps: number): Promise<unknown> {
  return rt.run(async function* (self) {
    let next = self.pid;
    for (let i = 1; i < size; i++) {
      const to = next;
      next = self.spawn(async function* (s) {
        for (;;) {
          const k = (yield* s.receive()) as number;
          s.send(to, k === 0 ? 0 : k - 1);
          if (k === 0) return;
        }
      });
    }
    self.send(next, laps * size);
    for (;;) {
      const k = (yield* self.receive()) as number;
      if (k === 0) return;
      self.send(next, k - 1);
    }
  });
}

function pingPong(rt: Runtime, n: number): Promise<unknown> {
  return rt.run(async function* (self) {
    const pong = self.spawn(async function* (s) {
      for (;;) {
        const from = (yield* s.receive()) as Pid | "stop";
        if (from === "stop") return;
        s.send(from, "pong");
      }
    });
    for (let i = 0; i < n; i++) {
      self.send(pong, self.pid);
      yield* self.receive();
    }
    self.send(pong, "stop");
  });
}

const Counter: GenServerModule<void, number> = {
  name: "Counter",
  init: () => ({ type: "ok", state: 0 }),
  handleCall: (_req, _from, state) => ({ type: "reply", reply: state, state }),
};

function calls(rt: Runtime, n: number): Promise<unknown> {
  return rt.run(async function* (self) {
    const r = yield* self.GenServer.start(Counter, undefined);
    if (typeof r !== "object" || r.type !== "ok") {
      throw new Error("start failed");
    }
    for (let i = 0; i < n; i++) yield* self.GenServer.call(r.pid, "get");
  });
}

/** Runs the four workloads once. @returns the figures, named as the Erlang side names them */
export async function benchRuntime(): Promise<Figures> {
  await using rt = startRuntime();
  const n = 100_000;
  await spawnExit(rt, 1000); // warm-up
  await pingPong(rt, 10_000);
  await calls(rt, 10_000);
  return {
    spawn_exit: await timed(() => spawnExit(rt, n)),
    bytes_per_process: await idleBytes(rt, n),
    ring: await timed(() => ring(rt, 1000, 1000)),
    ping_pong: await timed(() => pingPong(rt, 1_000_000)),
    gen_server_call: await timed(() => calls(rt, n)),
  };
}
