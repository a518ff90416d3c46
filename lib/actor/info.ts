/**
 * `Process.info/1,2`: what a live process looks like from outside. Every
 * item of a dead process is `undefined` (`nil`).
 *
 * Two shapes, as TypeScript and iex each want them:
 * 1. `self.info(pid, "links")` gives the item's plain value (`[pid]`);
 * 2. {@linkcode processInfo} gives what Elixir's `Process.info/2` returns:
 *    for one item the pair `{:links, [pid]}` (`{ type: "links", links }`),
 *    for a list of items the keyword list `[links: [pid], trap_exit: false]`
 *    (an array of those pairs, in the order asked), so `inspect()` prints
 *    them as iex does.
 *
 * @module
 */

import type { Pid, Port } from "./pid.ts";
import type { Tuple } from "./exit_reason.ts";
import {
  ALIVE,
  monitorsOf,
  type Proc,
  type Status,
  watchersOf,
} from "./proc.ts";

/** `{:process, pid}`: one monitor a process holds, by pid or by `{name, node}`. */
export interface MonitorEntry {
  /** The tag: monitors of processes (not ports). */
  readonly type: "process";
  /** The pid, or `{name, node}` for a monitor set on a name. */
  readonly pid: Pid | Tuple;
}

/** The items `Process.info/2` knows, with the type of each value. */
export interface Info {
  /** Linked pids and ports. */
  links: (Pid | Port)[];
  /** `[process: pid]`: the monitors this process holds. */
  monitors: MonitorEntry[];
  /** The pids monitoring this process. */
  monitored_by: Pid[];
  /** Messages not yet received. */
  message_queue_len: number;
  /** The name, or `[]` when unnamed, as Elixir shows it. */
  registered_name: string | [];
  /** Whether it traps exits (`Process.flag(:trap_exit, true)`). */
  trap_exit: boolean;
  /** What it is doing: running, runnable, waiting or exiting. */
  status: Status;
  /** The messages not yet received, oldest first. */
  messages: unknown[];
}

/** An item name of {@linkcode Info}. */
export type InfoItem = keyof Info;

/** `{:links, [pid]}`: an item with its value, tagged with the item's name. */
export type InfoPair<K extends InfoItem> = K extends InfoItem
  ? { readonly type: K } & { readonly [P in K]: Info[K] }
  : never;

/** `[links: [...], trap_exit: false]`: the pairs of `items`, in their order. */
export type InfoList<Ks extends readonly InfoItem[]> = {
  -readonly [I in keyof Ks]: InfoPair<Ks[I]>;
};

const ITEMS: InfoItem[] = [
  "registered_name",
  "status",
  "message_queue_len",
  "links",
  "monitors",
  "monitored_by",
  "trap_exit",
];

/** @returns every item, or undefined for a dead process */
export function info(p: Proc): Info | undefined;
/** @returns one item, or undefined for a dead process */
export function info<K extends InfoItem>(p: Proc, item: K): Info[K] | undefined;
export function info(p: Proc, item?: InfoItem): unknown {
  if (p.reason !== ALIVE) return undefined;
  if (item !== undefined) return read(p, item);
  const all: Record<string, unknown> = {};
  for (const k of ITEMS) all[k] = read(p, k);
  return all;
}

/**
 * `Process.info/2` as Elixir returns it: the pair for one item, the keyword
 * list for a list of items; `undefined` (`nil`) for a dead pid.
 *
 * @example As iex prints them
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { inspect, startRuntime } from "./mod.ts";
 * import { processInfo } from "./info.ts";
 * await using rt = startRuntime();
 * const shown = await rt.run(async function* (self) {
 *   self.send(self.pid, "hi");
 *   return inspect(processInfo(self.pid, ["trap_exit", "message_queue_len"]));
 * });
 * strictEqual(shown, "[trap_exit: false, message_queue_len: 1]");
 * ```
 *
 * @param pid the process
 * @param items one item name, or a list of them
 * @returns `{ type: item, [item]: value }`, or an array of those
 */
export function processInfo<K extends InfoItem>(
  pid: Pid,
  item: K,
): InfoPair<K> | undefined;
/** `Process.info(pid, [items])`: the keyword list of `items`, in their order. */
export function processInfo<const Ks extends readonly InfoItem[]>(
  pid: Pid,
  items: Ks,
): InfoList<Ks> | undefined;
export function processInfo(
  pid: Pid,
  items: InfoItem | readonly InfoItem[],
): unknown {
  const p = pid.proc as Proc;
  if (p.reason !== ALIVE) return undefined;
  const pair = (item: InfoItem) => ({ type: item, [item]: read(p, item) });
  return typeof items === "string" ? pair(items) : items.map(pair);
}

function read(p: Proc, item: InfoItem): unknown {
  switch (item) {
    case "links":
      return p.links === undefined
        ? []
        : [...p.links].map((l) => "pid" in l ? l.pid : l);
    case "monitors":
      return monitorsOf(p).map((m): MonitorEntry => ({
        type: "process",
        pid: m.name === undefined ? m.target!.pid : p.rt.nodeName(m.name),
      }));
    case "monitored_by":
      return watchersOf(p).flatMap((m) =>
        typeof m.watcher === "function" ? [] : [m.watcher.pid]
      );
    case "message_queue_len":
      return p.mailbox.length;
    case "registered_name":
      return p.name ?? [];
    case "trap_exit":
      return p.trapExit;
    case "status":
      return p.status;
    case "messages":
      return p.mailbox.toArray();
    default:
      throw new TypeError(
        `Cannot read process info item ${JSON.stringify(item)}`,
      );
  }
}
