/**
 * A snapshot of the app's processes as the page draws them, taken from
 * inside one of the observer's processes: each process's info items, and
 * its place in the tree, which is its supervisor (children read with
 * `:sys.get_state`, with their restart counts), else the process that
 * spawned it while it lives (KickStarter's HttpServer), else the root.
 *
 * A GenServer is asked for its state once to learn whether it is a
 * supervisor; a supervisor is asked each snapshot. A server that does not
 * answer within {@linkcode STATE_TIMEOUT_MS} is drawn without children,
 * and the snapshot goes on (the caller's exit is caught).
 *
 * @module
 */

import {
  ExitError,
  GenServer,
  inspect,
  type Pid,
  type Self,
} from "../actor/mod.ts";
import {
  isGenServer,
  type ProcessView,
  viewProcess,
} from "../actor/observe.ts";
import type { Tracker } from "./tracker.ts";

/** How long a snapshot waits for a server's state. */
export const STATE_TIMEOUT_MS = 500;

/** A process as the page gets it (JSON). */
export interface ProcessJson {
  pid: string;
  id: number;
  name: string | null;
  kind: "supervisor" | "gen_server" | "process";
  status: string;
  mailbox: number;
  trapExit: boolean;
  links: string[];
  monitors: string[];
  monitoredBy: string[];
  /** The tree's parent: the supervisor, or the spawner. */
  parent: string | null;
  /** The child id under its supervisor. */
  childId: string | null;
  restarts: number | null;
}

interface SupChild {
  spec: { id: string };
  pid: Pid | undefined;
  restarts?: number;
}

/** `:sys.get_state` of `pid`. @returns the state, or `undefined` if none came */
export async function* stateOf(
  self: Self,
  pid: Pid,
): AsyncGenerator<unknown, { state: unknown } | undefined, unknown> {
  if (!isGenServer(pid)) return undefined;
  try {
    const state = yield* GenServer.getState(self, pid, {
      timeout: STATE_TIMEOUT_MS,
    });
    return { state };
  } catch (e) {
    if (e instanceof ExitError) return undefined; // died, or too busy
    throw e;
  }
}

/** @returns the children, when `state` is a supervisor's */
function childrenOf(state: unknown): SupChild[] | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const s = state as { flags?: unknown; children?: unknown };
  if (typeof s.flags !== "object" || !Array.isArray(s.children)) {
    return undefined;
  }
  return s.children as SupChild[];
}

/**
 * Takes the snapshot.
 *
 * @param self the observer process taking it
 * @param tracker what the observer knows
 * @returns the app's processes, parents before children
 */
export async function* snapshot(
  self: Self,
  tracker: Tracker,
  kinds: Map<Pid, ProcessJson["kind"]>,
): AsyncGenerator<unknown, ProcessJson[], unknown> {
  const views = tracker.known().map(viewProcess).filter((v) => v !== undefined);
  const under = new Map<Pid, { sup: Pid; id: string; restarts: number }>();
  for (const v of views) {
    if (!v.genServer || kinds.get(v.pid) === "gen_server") continue;
    const got = yield* stateOf(self, v.pid);
    const children = got === undefined ? undefined : childrenOf(got.state);
    if (got !== undefined) {
      kinds.set(v.pid, children === undefined ? "gen_server" : "supervisor");
    }
    for (const c of children ?? []) {
      if (c.pid === undefined) continue;
      const id = String(c.spec.id);
      under.set(c.pid, { sup: v.pid, id, restarts: c.restarts ?? 0 });
    }
  }
  const alive = new Set(views.map((v) => v.pid));
  return views.map((v) => toJson(v, tracker, kinds, under.get(v.pid), alive));
}

function toJson(
  v: ProcessView,
  tracker: Tracker,
  kinds: Map<Pid, ProcessJson["kind"]>,
  sup: { sup: Pid; id: string; restarts: number } | undefined,
  alive: Set<Pid>,
): ProcessJson {
  const spawner = tracker.spawnerOf(v.pid);
  const parent = sup?.sup ??
    (spawner !== undefined && alive.has(spawner) ? spawner : undefined);
  return {
    pid: `${v.pid}`,
    id: v.pid.id,
    name: typeof v.registered_name === "string" ? v.registered_name : null,
    kind: v.genServer ? kinds.get(v.pid) ?? "gen_server" : "process",
    status: v.status,
    mailbox: v.message_queue_len,
    trapExit: v.trap_exit,
    links: v.links.map(String),
    monitors: v.monitors.map((m) => inspect(m.pid)),
    monitoredBy: v.monitored_by.map(String),
    parent: parent === undefined ? null : `${parent}`,
    childId: sup?.id ?? null,
    restarts: sup?.restarts ?? null,
  };
}
