/**
 * The observer's timeline: runtime events as lines an Elixir user reads
 * (`#PID<0.102.0> (:http_server) exited: :kaboom`), and which of them are
 * worth a line.
 *
 * A spawn is listed when the process is linked at birth or spawned by a
 * GenServer or supervisor; the per-request
 * processes a plain process spawns (HttpServer's connections) are counted
 * in the charts but not listed, nor are their `:normal` exits, so a busy
 * server does not push the kill of its HttpServer out of sight.
 *
 * @module
 */

import {
  inspect,
  inspectReason,
  Pid,
  type Port,
  type RuntimeEvent,
} from "../actor/mod.ts";

/** One line of the timeline. */
export interface Entry {
  /** Its number: the page asks for the entries after the last it has. */
  readonly seq: number;
  /** When, in ms since the epoch (the runtime's clock). */
  readonly at: number;
  /** The event's type, or `"log"` for a logger report. */
  readonly kind: string;
  readonly line: string;
}

/** How a pid is named in a line: `#PID<0.102.0> (:http_server)`. */
export type Namer = (pid: Pid | Port) => string;

/**
 * @param e the event
 * @param name how to print a pid
 * @returns its line
 */
export function describe(e: RuntimeEvent, name: Namer): string {
  switch (e.type) {
    case "spawn": {
      const by = e.parent === undefined ? "outside" : name(e.parent);
      const link = e.link === undefined ? "" : `, linked to ${name(e.link)}`;
      return `${name(e.pid)} spawned by ${by}${link}`;
    }
    case "exit":
      return `${name(e.pid)} exited: ${inspectReason(e.reason)}`;
    case "exit_signal":
      return `Process.exit(${name(e.to)}, ${inspectReason(e.reason)}) from ${
        name(e.from)
      }`;
    case "EXIT":
      return `${name(e.to)} got {:EXIT, ${name(e.from)}, ${
        inspectReason(e.reason)
      }}`;
    case "DOWN":
      return `${name(e.to)} got {:DOWN, ${e.ref}, :process, ${
        e.pid instanceof Pid ? name(e.pid) : inspect(e.pid)
      }, ${inspectReason(e.reason)}}`;
    case "link":
      return `${name(e.pid)} linked to ${name(e.to)}`;
    case "unlink":
      return `${name(e.pid)} unlinked from ${name(e.to)}`;
    case "monitor":
      return `${name(e.watcher)} monitors ${name(e.target)} (${e.ref})`;
    case "demonitor":
      return `${name(e.watcher)} demonitored ${e.ref}`;
    case "register":
      return `Process.register(${e.pid}, ${inspectReason(e.name)})`;
    case "unregister":
      return `${e.pid} is no longer ${inspectReason(e.name)}`;
    case "restart":
      return `${name(e.supervisor)} restarted ${
        inspectReason(e.id)
      } as ${e.pid} (restart ${e.restarts})`;
  }
}

/** A ring of the last `size` entries. */
export class Timeline {
  #entries: Entry[] = [];
  #seq = 0;

  /** @param size how many entries to keep */
  constructor(readonly size = 500) {}

  /**
   * Appends a line.
   *
   * @param at when
   * @param kind the event type, or `"log"`
   * @param line the text
   */
  add(at: number, kind: string, line: string): void {
    this.#entries.push({ seq: ++this.#seq, at, kind, line });
    if (this.#entries.length > this.size) this.#entries.shift();
  }

  /** @returns the entries after `seq`, oldest first */
  since(seq: number): Entry[] {
    const i = this.#entries.findIndex((e) => e.seq > seq);
    return i < 0 ? [] : this.#entries.slice(i);
  }
}
