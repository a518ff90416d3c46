/**
 * `Process.info/1,2`: what a live process looks like from outside. Every
 * item of a dead process is `undefined` (`nil`).
 *
 * @module
 */

import type { Pid, Port } from "./pid.ts";
import type { Tuple } from "./exit_reason.ts";
import { ALIVE, type Proc, type Status } from "./process.ts";

/** The items `Process.info/2` knows, with the type of each value. */
export interface Info {
  /** Linked pids and ports. */
  links: (Pid | Port)[];
  /** `[process: pid]`: the monitors this process holds. */
  monitors: { process: Pid | Tuple }[];
  /** The pids monitoring this process. */
  monitored_by: Pid[];
  /** Messages not yet received. */
  message_queue_len: number;
  /** The name, or `[]` when unnamed, as Elixir shows it. */
  registered_name: string | [];
  trap_exit: boolean;
  status: Status;
  /** The messages not yet received, oldest first. */
  messages: unknown[];
}

/** An item name of {@linkcode Info}. */
export type InfoItem = keyof Info;

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

function read(p: Proc, item: InfoItem): unknown {
  switch (item) {
    case "links":
      return p.links === undefined
        ? []
        : [...p.links].map((l) => "pid" in l ? l.pid : l);
    case "monitors":
      return p.monitors === undefined
        ? []
        : [...p.monitors.values()].map((m) => ({
          process: m.name === undefined ? m.target!.pid : p.rt.nodeName(m.name),
        }));
    case "monitored_by":
      return p.watchers === undefined
        ? []
        : [...p.watchers.values()].flatMap((m) =>
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
