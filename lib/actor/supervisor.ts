/**
 * `Supervisor` and `DynamicSupervisor`, called from a process:
 * `yield* Supervisor.startLink(self, children, { strategy: "one_for_one" })`,
 * or with a module whose `init` returns the children and flags. The
 * supervisor is a GenServer (supervisor_server.ts has its callbacks and
 * rules); the calls' results are in supervisor_calls.ts.
 *
 * @module
 */

import type { OnStart, StartOptions } from "./gen_server_types.ts";
import { type Deferred, fromCaller } from "./current.ts";
import type { Dest, Self } from "./process.ts";
import type { Receive } from "./receive.ts";
import type {
  CallError,
  ChildCounts,
  ChildInfo,
  SupervisorCall,
} from "./supervisor_calls.ts";
import type { Strategy } from "./supervisor_children.ts";
import { type SupervisorArg, SupervisorServer } from "./supervisor_server.ts";
import type { ChildSource } from "./supervisor_spec.ts";
import type { Pid } from "./pid.ts";
import * as GenServer from "./gen_server_verbs.ts";

export { childSpec } from "./supervisor_spec.ts";
export type {
  ChildSource,
  ChildSpec,
  Restart,
  Shutdown,
} from "./supervisor_spec.ts";
export type { CallError, ChildCounts, ChildInfo, Strategy };

/** Options of {@linkcode startLink}: the flags and a name. */
export interface SupervisorOptions extends StartOptions {
  /** `:one_for_one`, `:one_for_all` or `:rest_for_one`. */
  strategy: Strategy;
  /** Default 3. */
  maxRestarts?: number;
  /** Default 5. */
  maxSeconds?: number;
}

/** What a supervisor module's `init` returns (`Supervisor.init/2`). */
export interface SupervisorInit extends Omit<SupervisorOptions, "name"> {
  /** The children, started in order. */
  children: readonly ChildSource[];
}

/** A module-based supervisor: `use Supervisor` with its `init/1`. */
export interface SupervisorModule<A> {
  /** The module name used in reports: `"Servy.ServicesSupervisor"`. */
  readonly name: string;
  /** `init/1`: the children and the flags. */
  init(arg: A): SupervisorInit;
}

/**
 * `Supervisor.start_link/2` (children and flags) or `/3` (a module, its
 * arg and a name).
 *
 * @example A one_for_one supervisor restarts a killed child
 * ```ts
 * import { deepStrictEqual, notStrictEqual } from "node:assert/strict";
 * import {
 *   type GenServerModule,
 *   isDown,
 *   ok,
 *   Process,
 *   startRuntime,
 *   Supervisor,
 * } from "./mod.ts";
 * const Worker: GenServerModule<undefined, null> = {
 *   name: "Worker",
 *   init: () => ok(null),
 * };
 * await using rt = startRuntime({ logger: () => {} });
 * const got = await rt.run(function* () {
 *   yield* Supervisor.startLink(
 *     [Supervisor.childSpec(Worker, undefined, { name: "worker" })],
 *     { strategy: "one_for_one", name: "sup" },
 *   );
 *   const first = Process.whereis("worker")!;
 *   Process.monitor(first);
 *   Process.exit(first, "kill");
 *   yield* Process.receive(isDown);
 *   // the supervisor took the EXIT before this call: the child is back
 *   const counts = yield* Supervisor.restartCounts("sup");
 *   const [child] = yield* Supervisor.whichChildren("sup");
 *   notStrictEqual(child.child, first);
 *   return [counts, child.child === Process.whereis("worker"), child.id];
 * });
 * deepStrictEqual(got, [[1], true, "Worker"]);
 * ```
 * @returns the receive that gives `{ type: "ok", pid }` or the error
 */
export function startLink(
  children: readonly ChildSource[],
  options: SupervisorOptions,
): Deferred<OnStart>;
/** `Supervisor.start_link(module, arg, options)`. */
export function startLink<A>(
  module: SupervisorModule<A>,
  arg: A,
  options?: StartOptions,
): Deferred<OnStart>;
/** `Supervisor.start_link(children, options)`, from `self`. */
export function startLink(
  self: Self,
  children: readonly ChildSource[],
  options: SupervisorOptions,
): Receive<OnStart>;
/** `Supervisor.start_link(module, arg, options)`, from `self`. */
export function startLink<A>(
  self: Self,
  module: SupervisorModule<A>,
  arg: A,
  options?: StartOptions,
): Receive<OnStart>;
export function startLink<A>(
  ...args:
    | [readonly ChildSource[] | SupervisorModule<A>, unknown, StartOptions?]
    | [
      Self,
      readonly ChildSource[] | SupervisorModule<A>,
      unknown,
      StartOptions?,
    ]
): Receive<OnStart> | Deferred<OnStart> {
  return fromCaller(args, (self, [what, arg, options]) =>
    startFrom(
      self,
      what as readonly ChildSource[] | SupervisorModule<A>,
      arg,
      options as StartOptions | undefined,
    ));
}

function startFrom<A>(
  self: Self,
  what: readonly ChildSource[] | SupervisorModule<A>,
  argOrOptions: unknown,
  options: StartOptions = {},
): Receive<OnStart> {
  const inline = Array.isArray(what);
  const module = inline
    ? "Supervisor.Default"
    : (what as SupervisorModule<A>).name;
  const init = (): SupervisorInit =>
    inline
      ? { children: what, ...(argOrOptions as SupervisorOptions) }
      : (what as SupervisorModule<A>).init(argOrOptions as A);
  const name = inline ? (argOrOptions as SupervisorOptions).name : options.name;
  return start(self, module, name, () => {
    const { children, strategy, ...limits } = init();
    return { children, flags: { strategy, ...intensity(limits) } };
  });
}

function start(
  self: Self,
  module: string,
  name: string | undefined,
  init: SupervisorArg["init"],
): Receive<OnStart> {
  return GenServer.startLink(self, SupervisorServer, { module, init }, {
    name,
  });
}

/** The restart intensity, with Elixir's defaults: 3 restarts in 5 s. */
function intensity(o: { maxRestarts?: number; maxSeconds?: number }) {
  return { maxRestarts: o.maxRestarts ?? 3, maxSeconds: o.maxSeconds ?? 5 };
}

/** Options of {@linkcode startDynamic}. */
export interface DynamicOptions extends StartOptions {
  /** Default 3. */
  maxRestarts?: number;
  /** Default 5. */
  maxSeconds?: number;
  /** Default: no limit. */
  maxChildren?: number;
}

/**
 * `DynamicSupervisor.start_link/1`: a one_for_one supervisor that starts
 * with no children; `startChild` adds them.
 *
 * @returns the receive that gives the start result
 */
export function startDynamic(options?: DynamicOptions): Deferred<OnStart>;
/** `DynamicSupervisor.start_link/1`, from `self`. */
export function startDynamic(
  self: Self,
  options?: DynamicOptions,
): Receive<OnStart>;
export function startDynamic(
  ...args: [Self, DynamicOptions?] | [DynamicOptions?]
): Receive<OnStart> | Deferred<OnStart> {
  return fromCaller(
    args,
    (self, [options]) =>
      dynamicFrom(self, options as DynamicOptions | undefined),
  );
}

function dynamicFrom(self: Self, options: DynamicOptions = {}) {
  return start(self, "DynamicSupervisor", options.name, () => ({
    children: [],
    flags: {
      strategy: "one_for_one",
      ...intensity(options),
      dynamic: { maxChildren: options.maxChildren ?? Infinity },
    },
  }));
}

function call<R>(self: Self, sup: Dest, request: SupervisorCall): Receive<R> {
  return GenServer.call<SupervisorCall, R>(self, sup, request, {
    timeout: Infinity,
  });
}

/**
 * A supervisor call, from `self` when the arguments start with it, else
 * from the calling process (current.ts); `request` is made from the
 * arguments after the supervisor.
 */
function ask<R>(
  args: readonly unknown[],
  request: (rest: readonly unknown[]) => SupervisorCall,
): Receive<R> | Deferred<R> {
  return fromCaller(
    args,
    (self, [sup, ...rest]) => call<R>(self, sup as Dest, request(rest)),
  );
}

/** `which_children/1`, newest first. @returns the receive that gives them */
export function whichChildren(sup: Dest): Deferred<ChildInfo[]>;
/** `Supervisor.which_children/1`, from `self`. */
export function whichChildren(self: Self, sup: Dest): Receive<ChildInfo[]>;
export function whichChildren(...args: [Self, Dest] | [Dest]) {
  return ask<ChildInfo[]>(args, () => ({ type: "which_children" }));
}

/**
 * How many times each child was restarted, in `which_children` order (not
 * in OTP: servy's tree view shows it).
 *
 * @returns the receive that gives the counts
 */
export function restartCounts(sup: Dest): Deferred<number[]>;
/** The restart counts, from `self`. */
export function restartCounts(self: Self, sup: Dest): Receive<number[]>;
export function restartCounts(...args: [Self, Dest] | [Dest]) {
  return ask<number[]>(args, () => ({ type: "restart_counts" }));
}

/** `count_children/1`. @returns the receive that gives the counts */
export function countChildren(sup: Dest): Deferred<ChildCounts>;
/** `Supervisor.count_children/1`, from `self`. */
export function countChildren(self: Self, sup: Dest): Receive<ChildCounts>;
export function countChildren(...args: [Self, Dest] | [Dest]) {
  return ask<ChildCounts>(args, () => ({ type: "count_children" }));
}

/**
 * `terminate_child/2`: stops a child (by id; under a DynamicSupervisor, by
 * pid). Its spec stays (unless temporary or dynamic).
 *
 * @returns `"ok"` or `{ type: "error", reason: "not_found" }`
 */
export function terminateChild(
  sup: Dest,
  child: string | Pid,
): Deferred<"ok" | CallError>;
/** `Supervisor.terminate_child/2`, from `self`. */
export function terminateChild(
  self: Self,
  sup: Dest,
  child: string | Pid,
): Receive<"ok" | CallError>;
export function terminateChild(
  ...args: [Self, Dest, string | Pid] | [Dest, string | Pid]
) {
  return ask<"ok" | CallError>(args, ([child]) => ({
    type: "terminate_child",
    child: child as string | Pid,
  }));
}

/** `restart_child/2`. @returns the start result, or `not_found`/`running` */
export function restartChild(
  sup: Dest,
  id: string,
): Deferred<OnStart | CallError>;
/** `Supervisor.restart_child/2`, from `self`. */
export function restartChild(
  self: Self,
  sup: Dest,
  id: string,
): Receive<OnStart | CallError>;
export function restartChild(...args: [Self, Dest, string] | [Dest, string]) {
  return ask<OnStart | CallError>(args, ([id]) => ({
    type: "restart_child",
    id: id as string,
  }));
}

/** `delete_child/2`. @returns `"ok"`, or `not_found`/`running` */
export function deleteChild(sup: Dest, id: string): Deferred<"ok" | CallError>;
/** `Supervisor.delete_child/2`, from `self`. */
export function deleteChild(
  self: Self,
  sup: Dest,
  id: string,
): Receive<"ok" | CallError>;
export function deleteChild(...args: [Self, Dest, string] | [Dest, string]) {
  return ask<"ok" | CallError>(args, ([id]) => ({
    type: "delete_child",
    id: id as string,
  }));
}

/**
 * `start_child/2`: adds a child and starts it.
 *
 * @returns the start result; `already_started`/`already_present` for a
 *   taken id; `max_children` for a full DynamicSupervisor
 */
export function startChild(
  sup: Dest,
  spec: ChildSource,
): Deferred<OnStart | CallError>;
/** `Supervisor.start_child/2`, from `self`. */
export function startChild(
  self: Self,
  sup: Dest,
  spec: ChildSource,
): Receive<OnStart | CallError>;
export function startChild(
  ...args: [Self, Dest, ChildSource] | [Dest, ChildSource]
) {
  return ask<OnStart | CallError>(args, ([spec]) => ({
    type: "start_child",
    spec: spec as ChildSource,
  }));
}
