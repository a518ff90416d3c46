/**
 * The runtime's event stream: what happens to processes, as
 * `erlang:trace/3` reports it (`spawn`, `exit`, `link`, `unlink`,
 * `register`, `unregister`), plus monitors, the EXIT and DOWN messages the
 * runtime delivers, exit signals sent with `Process.exit/2`, and
 * supervisor restarts. The observer draws the live tree from it.
 *
 * It costs nothing when nobody listens: every emit site reads one boolean
 * field first, `if (rt.events.active) rt.events.emit({...})`, so no event
 * object is built without a listener.
 *
 * 1. `listen(fn)` calls `fn` with each event, synchronously, from inside
 *    the runtime (a spawn, an exit cascade); `fn` must only record it (push
 *    to a buffer, deliver a message), never call back into the runtime.
 * 2. The function it returns stops listening; calling it again does
 *    nothing. `active` is false again once the last listener has gone.
 * 3. A listener that throws is dropped, and the error reported: a bug in a
 *    listener never breaks an exit cascade.
 *
 * @module
 */

import type { ExitReason, Tuple } from "./exit_reason.ts";
import type { Pid, Port, Ref } from "./pid.ts";

/** One thing that happened in the runtime. */
export type RuntimeEvent =
  /** A process was spawned by `parent` (undefined: from outside), linked to `link`. */
  | {
    readonly type: "spawn";
    readonly pid: Pid;
    readonly parent: Pid | undefined;
    readonly link: Pid | undefined;
  }
  /** A process exited with `reason`. */
  | { readonly type: "exit"; readonly pid: Pid; readonly reason: ExitReason }
  /** `Process.link/1` linked `pid` and `to`. */
  | { readonly type: "link"; readonly pid: Pid; readonly to: Pid | Port }
  /** `Process.unlink/1`, or a port closing with its owner: `to` is no longer linked. */
  | { readonly type: "unlink"; readonly pid: Pid; readonly to: Pid | Port }
  /** `watcher` monitors `target` (`Process.monitor/1`, `spawn_monitor/1`). */
  | {
    readonly type: "monitor";
    readonly ref: Ref;
    readonly watcher: Pid;
    readonly target: Pid;
  }
  /** `Process.demonitor/2` removed an active monitor. */
  | {
    readonly type: "demonitor";
    readonly ref: Ref;
    readonly watcher: Pid;
    readonly target: Pid | undefined;
  }
  /** `Process.exit(to, reason)` was called by `from`. */
  | {
    readonly type: "exit_signal";
    readonly from: Pid;
    readonly to: Pid;
    readonly reason: ExitReason;
  }
  /** A trapping process got `{:EXIT, from, reason}` in its mailbox. */
  | {
    readonly type: "EXIT";
    readonly to: Pid;
    readonly from: Pid | Port;
    readonly reason: ExitReason;
  }
  /** A monitor fired: `to` got `{:DOWN, ref, :process, pid, reason}`. */
  | {
    readonly type: "DOWN";
    readonly to: Pid;
    readonly ref: Ref;
    readonly pid: Pid | Tuple;
    readonly reason: ExitReason;
  }
  /** `Process.register/2`. */
  | { readonly type: "register"; readonly pid: Pid; readonly name: string }
  /** `Process.unregister/1`, or the name freed by its process's exit. */
  | { readonly type: "unregister"; readonly pid: Pid; readonly name: string }
  /** A supervisor restarted its child `id` as `pid`, the `restarts`th time. */
  | {
    readonly type: "restart";
    readonly supervisor: Pid;
    readonly id: string;
    readonly pid: Pid;
    readonly restarts: number;
  };

/** The kinds of {@linkcode RuntimeEvent}. */
export type RuntimeEventType = RuntimeEvent["type"];

/** Told of each event, synchronously; must not call into the runtime. */
export type EventListener = (event: RuntimeEvent) => void;

/** The runtime's event hub: `rt.events`. */
export class RuntimeEvents {
  /**
   * Whether anyone listens: every emit site reads it before building its
   * event. Read it; `listen` and its stop set it.
   */
  readonly active: boolean = false;
  // Copied on change, so a listener may stop listening during an emit.
  #listeners: readonly EventListener[] = [];
  #report: (error: unknown) => void;

  /**
   * An event bus with no listener.
   *
   * @param report told of an error a listener threw (default: dropped)
   */
  constructor(report: (error: unknown) => void = () => {}) {
    this.#report = report;
  }

  /**
   * Calls `listener` with each event from now on.
   *
   * @example Watching spawns and exits
   * ```ts
   * import { deepStrictEqual } from "node:assert/strict";
   * import { startRuntime } from "./runtime.ts";
   * await using rt = startRuntime();
   * const seen: string[] = [];
   * const stop = rt.events.listen((e) => seen.push(e.type));
   * await rt.run(async function* () {});
   * stop();
   * deepStrictEqual(seen, ["spawn", "exit"]);
   * ```
   * @param listener the function told of each event
   * @returns a function that stops listening
   */
  listen(listener: EventListener): () => void {
    this.#set([...this.#listeners, listener]);
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      this.#set(this.#listeners.filter((l) => l !== listener));
    };
  }

  /** @internal Tells every listener; call it only when `active`. */
  emit(event: RuntimeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#set(this.#listeners.filter((l) => l !== listener));
        this.#report(error);
      }
    }
  }

  #set(listeners: readonly EventListener[]): void {
    this.#listeners = listeners;
    (this as { active: boolean }).active = listeners.length > 0;
  }
}
