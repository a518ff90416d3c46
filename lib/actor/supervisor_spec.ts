/**
 * Child specifications, as `Supervisor.child_spec/2` builds them, and the
 * supervisor reports Elixir's logger prints for them:
 *
 * ```text
 * Child :a of Supervisor S terminated
 * ** (exit) killed
 * Pid: #PID<0.107.0>
 * Start Call: W.start_link(:a)
 * Restart: :permanent
 * Shutdown: 5000
 * Type: :worker
 * ```
 *
 * @module
 */

import type { OnStart, StartOptions } from "./gen_server_types.ts";
import type { GenServerModule } from "./gen_server_types.ts";
import { formatExit, inspect, inspectReason } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import type { Self } from "./process.ts";
import type { Receive } from "./receive.ts";
import * as GenServer from "./gen_server_verbs.ts";

/** When a child is restarted: always, after an abnormal exit, or never. */
export type Restart = "permanent" | "transient" | "temporary";

/** How a child is stopped: killed, or `:shutdown` then killed after ms. */
export type Shutdown = "brutal_kill" | number | "infinity";

/**
 * Starts a child, linked to the supervisor (the caller): a GenServer's
 * `startLink`, or a process step that spawns and links one.
 */
export type StartFun = (
  self: Self,
) => Receive<OnStart> | AsyncGenerator<unknown, OnStart, unknown>;

/** `%{id: ..., start: ..., restart: ..., shutdown: ..., type: ...}`. */
export interface ChildSpec {
  /** Unique among the supervisor's children; an atom: `"Servy.PledgeServer"`. */
  id: string;
  /** The `start` MFA: a function that starts and links the child. */
  start: StartFun;
  /** How reports show the start call: `"Servy.PledgeServer.start_link([])"`. */
  startCall?: string;
  /** When to restart it; default `"permanent"`. */
  restart?: Restart;
  /** How to stop it; default 5,000 ms (`"infinity"` for a supervisor). */
  shutdown?: Shutdown;
  /** Default `"worker"`. */
  type?: "worker" | "supervisor";
  /** Module names, for `which_children`. */
  modules?: string[];
}

/** A spec with every default filled in. */
export type FullSpec = Required<ChildSpec>;

/** What a children list may hold: a spec, a module, or `[module, arg]`. */
export type ChildSource =
  | ChildSpec
  | GenServerModule<undefined, unknown>
  | readonly [GenServerModule<never, unknown>, unknown];

/** Options of {@linkcode childSpec}: the start options and spec overrides. */
export interface ChildSpecOptions extends StartOptions {
  id?: string;
  restart?: Restart;
  shutdown?: Shutdown;
}

/**
 * `child_spec/1` as `use GenServer` defines it: the module's name as id, a
 * `start_link(arg)` start, permanent, 5,000 ms to shut down.
 *
 * @param module the GenServer module
 * @param arg its `init` argument
 * @param options a name to register, and spec overrides
 * @returns the child spec
 */
export function childSpec<A, S>(
  module: GenServerModule<A, S>,
  arg: A,
  options: ChildSpecOptions = {},
): FullSpec {
  const { id, restart, shutdown, ...start } = options;
  return {
    id: id ?? module.name,
    start: (self) => GenServer.startLink(self, module, arg, start),
    startCall: `${module.name}.start_link(${inspect(arg ?? [])})`,
    restart: restart ?? "permanent",
    shutdown: shutdown ?? 5000,
    type: "worker",
    modules: [module.name],
  };
}

/**
 * Fills in a spec's defaults, as `Supervisor.init/2` does.
 *
 * @param source a spec, a module, or `[module, arg]`
 * @returns the full spec
 */
export function normalize(source: ChildSource): FullSpec {
  if (Array.isArray(source)) {
    const [module, arg] = source as [
      GenServerModule<unknown, unknown>,
      unknown,
    ];
    return childSpec(module, arg);
  }
  if (!("start" in source) || typeof source.start !== "function") {
    return childSpec(source as GenServerModule<undefined, unknown>, undefined);
  }
  const spec = source as ChildSpec;
  const type = spec.type ?? "worker";
  return {
    id: spec.id,
    start: spec.start,
    startCall: spec.startCall ?? inspect(spec.start),
    restart: spec.restart ?? "permanent",
    shutdown: spec.shutdown ?? (type === "supervisor" ? "infinity" : 5000),
    type,
    modules: spec.modules ?? [spec.id],
  };
}

/**
 * A supervisor report, as Elixir's logger translates it.
 *
 * @param what `"terminated"`, `"caused shutdown"`, `"failed to start"`
 * @param supervisor the supervisor as reports name it
 * @param spec the child's spec
 * @param detail the exit reason, and the child's pid when it had one
 * @returns the report's text
 */
export function report(
  what: string,
  supervisor: string,
  spec: FullSpec,
  detail: { reason: unknown; pid?: Pid },
): string {
  const lines = [
    `Child ${inspectReason(spec.id)} of Supervisor ${supervisor} ${what}`,
    `** (exit) ${formatExit(detail.reason)}`,
  ];
  if (detail.pid !== undefined) lines.push(`Pid: ${detail.pid}`);
  lines.push(
    `Start Call: ${spec.startCall}`,
    `Restart: ${inspectReason(spec.restart)}`,
    `Shutdown: ${inspectReason(spec.shutdown)}`,
    `Type: ${inspectReason(spec.type)}`,
  );
  return lines.join("\n");
}
