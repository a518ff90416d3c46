/**
 * The calls a supervisor answers: `which_children`, `count_children`,
 * `terminate_child`, `restart_child`, `delete_child`, `start_child`, with
 * Supervisor's and DynamicSupervisor's results.
 *
 * @module
 */

import { ErlangError } from "./exit_reason.ts";
import type { OnStart } from "./gen_server_types.ts";
import type { Pid } from "./pid.ts";
import { type ChildSource, normalize } from "./supervisor_spec.ts";
import {
  type Child,
  remove,
  startSpec,
  stopChild,
  type SupState,
} from "./supervisor_children.ts";

/** The call messages. */
export type SupervisorCall =
  | { type: "which_children" }
  | { type: "restart_counts" }
  | { type: "count_children" }
  | { type: "terminate_child"; child: string | Pid }
  | { type: "restart_child"; id: string }
  | { type: "delete_child"; id: string }
  | { type: "start_child"; spec: ChildSource };

/** `{id, child, type, modules}` of `which_children`. */
export interface ChildInfo {
  /** The id; `"undefined"` under a DynamicSupervisor. */
  id: string;
  /** The pid, or `"undefined"` when the child is not running. */
  child: Pid | "undefined";
  type: "worker" | "supervisor";
  modules: string[];
}

/** `%{specs: 2, active: 2, supervisors: 0, workers: 2}`. */
export interface ChildCounts {
  specs: number;
  active: number;
  supervisors: number;
  workers: number;
}

/** `{:error, reason}` of the child calls. */
export type CallError = { type: "error"; reason: unknown };

const notFound: CallError = { type: "error", reason: "not_found" };
const running: CallError = { type: "error", reason: "running" };

/**
 * Answers one call.
 *
 * @returns the reply; raises `:function_clause` for any other request, as
 *   OTP's supervisor does (checked on Elixir 1.14)
 */
export async function* supervisorCall(
  st: SupState,
  call: SupervisorCall,
): AsyncGenerator<unknown, unknown, unknown> {
  const dynamic = st.flags.dynamic !== undefined;
  switch (call.type) {
    case "which_children":
      return [...st.children].reverse().map((c): ChildInfo => ({
        id: dynamic ? "undefined" : c.spec.id,
        child: c.pid ?? "undefined",
        type: c.spec.type,
        modules: c.spec.modules,
      }));
    case "count_children":
      return count(st.children);
    case "restart_counts":
      return st.children.map((c) => c.restarts ?? 0).reverse();
    case "terminate_child": {
      const child = st.children.find((c) =>
        dynamic ? c.pid === call.child : c.spec.id === call.child
      );
      if (child === undefined) return notFound;
      yield* stopChild(st, child);
      if (dynamic || child.spec.restart === "temporary") remove(st, child);
      return "ok";
    }
    case "restart_child": {
      const child = find(st, call.id);
      if (child === undefined) return notFound;
      if (child.pid !== undefined) return running;
      return yield* startInto(st, child);
    }
    case "delete_child": {
      const child = find(st, call.id);
      if (child === undefined) return notFound;
      if (child.pid !== undefined) return running;
      remove(st, child);
      return "ok";
    }
    case "start_child":
      return yield* startChild(st, call.spec);
  }
  // OTP's handle_call/3 has no other clause: the supervisor crashes.
  throw new ErlangError("function_clause");
}

function find(st: SupState, id: string): Child | undefined {
  return st.children.find((c) => c.spec.id === id);
}

function count(children: readonly Child[]): ChildCounts {
  const supervisors = children.filter((c) => c.spec.type === "supervisor");
  return {
    specs: children.length,
    active: children.filter((c) => c.pid !== undefined).length,
    supervisors: supervisors.length,
    workers: children.length - supervisors.length,
  };
}

async function* startChild(
  st: SupState,
  source: ChildSource,
): AsyncGenerator<unknown, OnStart | CallError, unknown> {
  const spec = normalize(source);
  const dynamic = st.flags.dynamic;
  if (dynamic !== undefined) {
    if (st.children.length >= dynamic.maxChildren) {
      return { type: "error", reason: "max_children" };
    }
    const child: Child = { spec, pid: undefined };
    const started = yield* startInto(st, child);
    if (started !== "ignore" && started.type === "ok") st.children.push(child);
    return started;
  }
  const same = find(st, spec.id);
  if (same !== undefined) {
    return same.pid === undefined
      ? { type: "error", reason: "already_present" }
      : { type: "error", reason: { already_started: same.pid } };
  }
  const child: Child = { spec, pid: undefined };
  const started = yield* startInto(st, child);
  if (started !== "ignore" && started.type === "error") return started;
  st.children.push(child);
  return started;
}

async function* startInto(
  st: SupState,
  child: Child,
): AsyncGenerator<unknown, OnStart, unknown> {
  const started = yield* startSpec(st, child.spec);
  if (started !== "ignore" && started.type === "ok") child.pid = started.pid;
  return started;
}
