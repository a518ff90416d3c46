/**
 * The supervisor process, as OTP's `supervisor` runs it:
 *
 * 1. It traps exits, then starts its children in order; a child whose
 *    start fails stops the ones already started (in reverse) and the
 *    supervisor's start fails with
 *    `{:shutdown, {:failed_to_start_child, id, reason}}`.
 * 2. A child's exit is reported (permanent: always; transient and
 *    temporary: unless `:normal`/`:shutdown`), then by restart type:
 *    permanent restarts, transient restarts after an abnormal exit,
 *    temporary is removed.
 * 3. A restart follows the strategy: `one_for_one` restarts the child;
 *    `one_for_all` stops all others (in reverse) and restarts all in order;
 *    `rest_for_one` does that for the children started after it.
 * 4. More than `maxRestarts` restarts within `maxSeconds`: it reports
 *    `:reached_max_restart_intensity`, stops all children and exits with
 *    `:shutdown`.
 * 5. Its parent's EXIT, or `GenServer.stop`, stops the children in reverse
 *    order (each with `:shutdown`, killed after its `shutdown` ms, or at
 *    once for `brutal_kill`), then it exits with that reason.
 *
 * @module
 */

import {
  type Down,
  type Exit,
  ExitError,
  type ExitReason,
  isDown,
  isExit,
  isQuiet,
  Tuple,
} from "./exit_reason.ts";
import { replyTo } from "./gen_server.ts";
import type {
  CallMessage,
  OnStart,
  SystemMessage,
} from "./gen_server_types.ts";
import { inspect, inspectReason } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import type { Proc } from "./process.ts";
import { TIMEOUT } from "./receive.ts";
import {
  type ChildSource,
  type FullSpec,
  normalize,
  report,
} from "./supervisor_spec.ts";
import { type SupervisorCall, supervisorCall } from "./supervisor_calls.ts";

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

/** The supervisor's state. */
export interface SupState {
  readonly self: Proc;
  readonly flags: Flags;
  /** How reports name it: its registered name, or `#PID<..> (Module)`. */
  readonly label: string;
  children: Child[];
  restarts: number[];
}

/** What the body starts from. */
export interface SuperviseOptions {
  children: readonly ChildSource[];
  flags: Flags;
  /** The module name, for reports about an unnamed supervisor. */
  module: string;
  ack: (result: OnStart) => void;
  parent: Pid | undefined;
}

/** The supervisor's process body. */
export async function* supervise(
  self: Proc,
  o: SuperviseOptions,
): AsyncGenerator<unknown, void, unknown> {
  self.flag("trap_exit", true);
  self.parent = o.parent ?? self.pid;
  const name = self.name;
  const st: SupState = {
    self,
    flags: o.flags,
    label: name === undefined
      ? `${self.pid} (${o.module})`
      : inspectReason(name),
    children: [],
    restarts: [],
  };
  for (const source of o.children) {
    const spec = normalize(source);
    const started = yield* startSpec(st, spec);
    if (started === "ignore" || started.type === "ok") {
      st.children.push({
        spec,
        pid: started === "ignore" ? undefined : started.pid,
      });
      continue;
    }
    yield* stopChildren(st, st.children);
    const reason = {
      shutdown: new Tuple("failed_to_start_child", spec.id, started.reason),
    };
    o.ack({ type: "error", reason });
    throw new ExitError(reason);
  }
  o.ack({ type: "ok", pid: self.pid });
  for (;;) yield* handle(st, yield* self.receive());
}

async function* handle(
  st: SupState,
  msg: unknown,
): AsyncGenerator<unknown, void, unknown> {
  const self = st.self;
  if (isExit(msg)) {
    if (msg.from === self.parent) yield* shutDown(st, msg.reason);
    const child = st.children.find((c) => c.pid === msg.from);
    if (child !== undefined) yield* childExited(st, child, msg.reason);
    return; // an EXIT from a pid no longer a child (a failed start)
  }
  const type = (msg as { type?: unknown } | null)?.type;
  if (type === "$gen_call") {
    const { from, request } = msg as CallMessage;
    replyTo(from, yield* supervisorCall(st, request as SupervisorCall));
  } else if (type === "system") {
    const { from, request } = msg as SystemMessage;
    // :sys.get_state of a supervisor gives its state; OTP's is a record.
    if (request === "get_state") return void replyTo(from, st);
    yield* shutDown(st, request.terminate);
  } else if (msg instanceof Tuple && msg.items[0] === "$restart") {
    const child = st.children.find((c) => c.spec.id === msg.items[1]);
    if (child !== undefined && child.pid === undefined) {
      yield* restart(st, child);
    }
  } else {
    self.rt.log(
      "error",
      `Supervisor received unexpected message: ${inspect(msg)}`,
    );
  }
}

async function* shutDown(
  st: SupState,
  reason: ExitReason,
): AsyncGenerator<unknown, never, unknown> {
  yield* stopChildren(st, st.children);
  throw new ExitError(reason);
}

async function* childExited(
  st: SupState,
  child: Child,
  reason: ExitReason,
): AsyncGenerator<unknown, void, unknown> {
  const pid = child.pid;
  child.pid = undefined;
  const { spec } = child;
  if (spec.restart === "permanent" || !isQuiet(reason)) {
    st.self.rt.log(
      "error",
      report("terminated", st.label, spec, { reason, pid }),
    );
  }
  if (spec.restart === "temporary") return remove(st, child);
  if (spec.restart === "transient" && isQuiet(reason)) {
    if (st.flags.dynamic) remove(st, child);
    return;
  }
  yield* restart(st, child);
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

async function* restart(
  st: SupState,
  child: Child,
): AsyncGenerator<unknown, void, unknown> {
  if (!allowRestart(st)) {
    const reason = "reached_max_restart_intensity";
    st.self.rt.log(
      "error",
      report("caused shutdown", st.label, child.spec, { reason }),
    );
    yield* shutDown(st, "shutdown");
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
      continue;
    }
    st.self.rt.log(
      "error",
      report("failed to start", st.label, c.spec, { reason: started.reason }),
    );
    // Try again through the mailbox, as OTP does; it counts as a restart.
    st.self.deliver(new Tuple("$restart", c.spec.id));
    return;
  }
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
