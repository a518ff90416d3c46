/**
 * What a supervisor does to its children, as OTP's `supervisor` does it:
 *
 * 1. A start calls the spec's `start` in the supervisor's process; a throw
 *    is an error.
 * 2. A restart is counted against the intensity: more than `maxRestarts`
 *    within `maxSeconds` and the supervisor must shut down.
 * 3. A restart follows the strategy: `one_for_one` restarts the child;
 *    `one_for_all` stops all others (in reverse) and restarts all in order;
 *    `rest_for_one` does that for the children started after it. A start
 *    that fails is reported and tried again through the mailbox
 *    (`{:"$restart", id}`), counting as a restart.
 * 4. A stop unlinks and monitors the child, sends `:shutdown` (or `:kill`
 *    for `brutal_kill`), waits for its DOWN, and kills it when its
 *    `shutdown` ms are up; children stop in reverse start order.
 *
 * @module
 */

import {
  type Down,
  type Exit,
  ExitError,
  isDown,
  isExit,
  Tuple,
} from "./exit_reason.ts";
import type { OnStart } from "./gen_server_types.ts";
import type { Pid } from "./pid.ts";
import type { Process as Proc } from "./process.ts";
import { TIMEOUT } from "./receive.ts";
import { type FullSpec, report } from "./supervisor_spec.ts";

/** `:one_for_one`, `:one_for_all` or `:rest_for_one`. */
export type Strategy = "one_for_one" | "one_for_all" | "rest_for_one";

/** The supervisor flags, with Elixir's defaults (3 restarts in 5 s). */
export interface Flags {
  strategy: Strategy;
  maxRestarts: number;
  maxSeconds: number;
  /** DynamicSupervisor: children have no ids and are counted. */
  dynamic?: { maxChildren: number };
}

/** A started (or stopped) child. */
export interface Child {
  spec: FullSpec;
  pid: Pid | undefined;
  /** How many times the supervisor has restarted it. */
  restarts?: number;
}

/**
 * The supervisor's GenServer state (what `:sys.get_state` gives). `self`
 * is not enumerable, so a report prints the flags and children only.
 */
export interface SupState {
  readonly self: Proc;
  readonly flags: Flags;
  /** How reports name it: its registered name, or `#PID<..> (Module)`. */
  readonly label: string;
  children: Child[];
  restarts: number[];
}

/** Removes a child's spec. */
export function remove(st: SupState, child: Child): void {
  st.children = st.children.filter((c) => c !== child);
}

/** Counts a restart. @returns false when the intensity is exceeded */
function allowRestart(st: SupState): boolean {
  const now = st.self.rt.clock.now();
  st.restarts = [...st.restarts, now].filter((t) =>
    now - t <= st.flags.maxSeconds * 1000
  );
  return st.restarts.length <= st.flags.maxRestarts;
}

/**
 * Restarts a child, and the others its strategy names.
 *
 * @returns `"shutdown"` when the intensity is exceeded (reported): the
 *   supervisor must stop, its `terminate` stops the children
 */
export async function* restart(
  st: SupState,
  child: Child,
): AsyncGenerator<unknown, "ok" | "shutdown", unknown> {
  if (!allowRestart(st)) {
    const reason = "reached_max_restart_intensity";
    st.self.rt.log(
      "error",
      report("caused shutdown", st.label, child.spec, { reason }),
    );
    return "shutdown";
  }
  const at = st.children.indexOf(child);
  const group = st.flags.strategy === "one_for_all"
    ? st.children
    : st.flags.strategy === "rest_for_one"
    ? st.children.slice(at)
    : [child];
  yield* stopChildren(st, group.filter((c) => c !== child));
  for (const c of group) {
    c.restarts = (c.restarts ?? 0) + 1;
    const started = yield* startSpec(st, c.spec);
    if (started === "ignore") continue;
    if (started.type === "ok") {
      c.pid = started.pid;
      const events = st.self.rt.events;
      if (events.active) {
        const { pid, restarts } = c;
        const supervisor = st.self.pid;
        events.emit({
          type: "restart",
          supervisor,
          id: c.spec.id,
          pid,
          restarts,
        });
      }
      continue;
    }
    st.self.rt.log(
      "error",
      report("failed to start", st.label, c.spec, { reason: started.reason }),
    );
    // Try again through the mailbox, as OTP does; it counts as a restart.
    st.self.deliver(new Tuple("$restart", c.spec.id));
    break;
  }
  return "ok";
}

/**
 * Starts a child from its spec.
 *
 * @returns what its start returned; a throw is an error
 */
export async function* startSpec(
  st: SupState,
  spec: FullSpec,
): AsyncGenerator<unknown, OnStart, unknown> {
  try {
    return yield* spec.start(st.self);
  } catch (e) {
    if (e instanceof ExitError) return { type: "error", reason: e.reason };
    throw e;
  }
}

/** Stops children in reverse start order. */
export async function* stopChildren(
  st: SupState,
  children: readonly Child[],
): AsyncGenerator<unknown, void, unknown> {
  for (const child of [...children].reverse()) {
    yield* stopChild(st, child);
  }
}

/**
 * Stops one child as its `shutdown` says: unlink and monitor it, send
 * `:shutdown` (or `:kill`), wait for its DOWN, kill it when time is up.
 */
export async function* stopChild(
  st: SupState,
  child: Child,
): AsyncGenerator<unknown, void, unknown> {
  const pid = child.pid;
  if (pid === undefined) return;
  child.pid = undefined;
  const self = st.self;
  const ref = self.monitor(pid);
  self.unlink(pid);
  // If it died already, its EXIT is queued: take it out, the DOWN follows.
  const exitOf = (m: unknown): m is Exit => isExit(m) && m.from === pid;
  yield* self.receive(exitOf, { after: 0 });
  const shutdown = child.spec.shutdown;
  self.exit(pid, shutdown === "brutal_kill" ? "kill" : "shutdown");
  const isMine = (m: unknown): m is Down => isDown(m) && m.ref === ref;
  const wait = typeof shutdown === "number" ? shutdown : Infinity;
  const down = yield* self.receive(isMine, { after: wait });
  if (down === TIMEOUT) {
    self.exit(pid, "kill");
    yield* self.receive(isMine);
  }
}
