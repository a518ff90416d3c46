/**
 * What an observer reads of the live processes, without asking them: each
 * process's `Process.info/1` items in one record, whether it runs the
 * GenServer loop (so `:sys.get_state` will be answered), and the live
 * processes reachable from a set of known ones.
 *
 * 1. {@linkcode viewProcess} of a dead pid is `undefined` (`nil`).
 * 2. {@linkcode isGenServer} is true for a process started the `gen` way
 *    (GenServer, Supervisor): only those answer system messages, so only
 *    those may be sent `GenServer.getState` (a plain process would keep the
 *    request in its mailbox for good).
 * 3. {@linkcode reachable} gives the live processes among `known`, the
 *    registered ones, and every live process linked to, monitoring or
 *    monitored by one of them, transitively: the processes an event stream
 *    that started late has not seen spawn.
 *
 * @module
 */

import { type Info, info } from "./info.ts";
import type { Pid } from "./pid.ts";
import { ALIVE, monitorsOf, type Proc, watchersOf } from "./proc.ts";
import type { Runtime } from "./runtime.ts";

/** A live process, as an observer draws it. */
export interface ProcessView extends Info {
  readonly pid: Pid;
  /** Whether it runs the GenServer loop (see {@linkcode isGenServer}). */
  readonly genServer: boolean;
}

/**
 * @param pid the process
 * @returns its info items and kind, or undefined for a dead process
 */
export function viewProcess(pid: Pid): ProcessView | undefined {
  const p = pid.proc as Proc;
  const items = info(p);
  if (items === undefined) return undefined;
  return { pid, genServer: isGenServer(pid), ...items };
}

/**
 * @param pid the process
 * @returns whether it is alive and runs the GenServer loop (`parent` is
 *   set by it, and only by it)
 */
export function isGenServer(pid: Pid): boolean {
  const p = pid.proc as Proc;
  return p.reason === ALIVE && p.parent !== undefined;
}

/**
 * The live processes reachable from `known` and the registry.
 *
 * @param rt the runtime
 * @param known pids already known (dead ones are skipped)
 * @returns the live pids found, each once, in the order found
 */
export function reachable(rt: Runtime, known: Iterable<Pid>): Pid[] {
  const found = new Set<Proc>();
  const work: Proc[] = [];
  const visit = (p: Proc | undefined) => {
    if (p === undefined || p.reason !== ALIVE || found.has(p)) return;
    found.add(p);
    work.push(p);
  };
  for (const pid of known) visit(pid.proc as Proc);
  for (const name of rt.registry.registered()) visit(rt.registry.lookup(name));
  for (let p = work.pop(); p !== undefined; p = work.pop()) {
    for (const l of p.links ?? []) if ("pid" in l) visit(l);
    for (const m of monitorsOf(p)) visit(m.target);
    for (const m of watchersOf(p)) {
      if (typeof m.watcher !== "function") visit(m.watcher);
    }
  }
  return [...found].map((p) => p.pid);
}
