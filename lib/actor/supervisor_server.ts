/**
 * The supervisor as a GenServer callback module, as OTP's `supervisor` is a
 * `gen_server`: it runs on the loop every server uses, so calls, `:sys`
 * messages (`GenServer.stop`, `:sys.get_state`) and the parent's EXIT go
 * through that loop's protocol.
 *
 * 1. `init` traps exits, then starts the children in order; a child whose
 *    start fails stops the ones already started (in reverse) and `init`
 *    stops with `{:shutdown, {:failed_to_start_child, id, reason}}`, which
 *    the start returns.
 * 2. `handleInfo` of a child's EXIT: the exit is reported (permanent:
 *    always; transient and temporary: unless `:normal`/`:shutdown`), then
 *    by restart type: permanent restarts, transient restarts after an
 *    abnormal exit, temporary is removed (supervisor_children.ts for the
 *    strategies and the intensity, which stops the server with `:shutdown`).
 * 3. `handleCall` answers `which_children`, `count_children`,
 *    `terminate_child`, ... (supervisor_calls.ts).
 * 4. Any other message is logged as
 *    `Supervisor received unexpected message: ...` and dropped; any other
 *    call, and any cast, crashes the supervisor with `:function_clause`,
 *    as in OTP (checked on Elixir 1.14).
 * 5. `terminate` (the parent's EXIT, `GenServer.stop`, the intensity)
 *    stops the children in reverse order; the loop then exits with the
 *    reason, reporting it as a GenServer does when it is abnormal.
 *
 * @module
 */

import {
  ErlangError,
  type ExitReason,
  isExit,
  isQuiet,
  Tuple,
} from "./exit_reason.ts";
import type { GenServerModule } from "./gen_server_types.ts";
import { inspect, inspectReason } from "./inspect.ts";
import type { Process as Proc } from "./process.ts";
import { noreply, ok, reply, stop } from "./results.ts";
import { type SupervisorCall, supervisorCall } from "./supervisor_calls.ts";
import {
  type Child,
  type Flags,
  remove,
  restart,
  startSpec,
  stopChildren,
  type SupState,
} from "./supervisor_children.ts";
import { type ChildSource, normalize, report } from "./supervisor_spec.ts";

/** The supervisor's `init` argument. */
export interface SupervisorArg {
  /** The module name, for reports about an unnamed supervisor. */
  module: string;
  /** Runs in the supervisor's process: the children and the flags. */
  init: () => { children: readonly ChildSource[]; flags: Flags };
}

/** The callback module of every Supervisor and DynamicSupervisor. */
export const SupervisorServer: GenServerModule<SupervisorArg, SupState> = {
  name: "Supervisor",

  async *init(arg, self) {
    const proc = self as Proc;
    proc.flag("trap_exit", true);
    const { children, flags } = arg.init();
    const name = proc.name;
    const st = {
      flags,
      label: name === undefined
        ? `${proc.pid} (${arg.module})`
        : inspectReason(name),
      children: [],
      restarts: [],
    } as Omit<SupState, "self"> as SupState;
    Object.defineProperty(st, "self", { value: proc, enumerable: false });
    for (const source of children) {
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
      const failed = new Tuple(
        "failed_to_start_child",
        spec.id,
        started.reason,
      );
      return { type: "stop", reason: { shutdown: failed } };
    }
    return ok(st);
  },

  async *handleCall(request, _from, st) {
    return reply(yield* supervisorCall(st, request as SupervisorCall), st);
  },

  handleCast() {
    // OTP's handle_cast/2 takes only its own retries: the supervisor crashes.
    throw new ErlangError("function_clause");
  },

  async *handleInfo(msg, st) {
    if (isExit(msg)) {
      const child = st.children.find((c) => c.pid === msg.from);
      // An EXIT from a pid no longer a child (a failed start) is dropped.
      if (child === undefined) return noreply(st);
      return (yield* childExited(st, child, msg.reason)) === "shutdown"
        ? stop("shutdown", st)
        : noreply(st);
    }
    if (msg instanceof Tuple && msg.items[0] === "$restart") {
      const child = st.children.find((c) => c.spec.id === msg.items[1]);
      if (child === undefined || child.pid !== undefined) return noreply(st);
      return (yield* restart(st, child)) === "shutdown"
        ? stop("shutdown", st)
        : noreply(st);
    }
    return unexpected(st, msg);
  },

  terminate(_reason, st) {
    return stopChildren(st, st.children);
  },
};

function unexpected(st: SupState, msg: unknown) {
  st.self.rt.log(
    "error",
    `Supervisor received unexpected message: ${inspect(msg)}`,
  );
  return noreply(st);
}

async function* childExited(
  st: SupState,
  child: Child,
  reason: ExitReason,
): AsyncGenerator<unknown, "ok" | "shutdown", unknown> {
  const pid = child.pid;
  child.pid = undefined;
  const { spec } = child;
  if (spec.restart === "permanent" || !isQuiet(reason)) {
    st.self.rt.log(
      "error",
      report("terminated", st.label, spec, { reason, pid }),
    );
  }
  if (spec.restart === "temporary") {
    remove(st, child);
    return "ok";
  }
  if (spec.restart === "transient" && isQuiet(reason)) {
    if (st.flags.dynamic) remove(st, child);
    return "ok";
  }
  return yield* restart(st, child);
}
