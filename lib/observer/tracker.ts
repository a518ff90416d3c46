/**
 * What the observer knows of the runtime, kept from its event stream: the
 * live processes with who spawned each, their names, the timeline, the
 * request count and the charts' samples, and which pages to tell of a
 * change.
 *
 * The observer's own processes (its listener, its connections, its
 * sampler) are left out of all of it: the tracker is made with the
 * observer's root pid, and every process a known observer process spawns
 * is the observer's too.
 *
 * @module
 */

import {
  type Pid,
  type Port,
  type Runtime,
  type RuntimeEvent,
} from "../actor/mod.ts";
import { isGenServer, reachable } from "../actor/observe.ts";
import { describe, Timeline } from "./timeline.ts";

/** One sample of the charts, taken each second. */
export interface Sample {
  readonly at: number;
  /** The app's live processes (the observer's not counted). */
  readonly processes: number;
  /** Requests the app answered since the sample before. */
  readonly requests: number;
}

/** A change worth a new snapshot: what a page's process receives. */
export const CHANGED = "observer_changed";

/** How many samples the charts keep: five minutes. */
export const SAMPLES = 300;

/** The observer's view of the runtime. */
export class Tracker {
  readonly timeline: Timeline = new Timeline();
  readonly samples: Sample[] = [];
  #own = new Set<Pid>();
  #spawner = new Map<Pid, Pid | undefined>();
  #byId = new Map<number, Pid>();
  #names = new Map<Pid, string>();
  #listed = new Set<Pid>();
  #pages = new Map<Pid, boolean>();
  #requests = 0;
  #stop: () => void;

  /**
   * @param rt the runtime to watch
   * @param root the observer's root process
   */
  constructor(readonly rt: Runtime, root: Pid) {
    this.#own.add(root);
    this.#stop = rt.events.listen((e) => this.#on(e));
    for (const pid of reachable(rt, [])) this.#add(pid, undefined);
  }

  /** @returns the observer's own live processes */
  own(): Pid[] {
    return [...this.#own].filter((pid) => this.rt.alive(pid));
  }

  /** Stops listening. */
  close(): void {
    this.#stop();
  }

  /** @returns the app's live processes, including those seen by reach */
  known(): Pid[] {
    const found = reachable(this.rt, this.#byId.values());
    for (const pid of found) {
      if (!this.#byId.has(pid.id) && !this.#own.has(pid)) {
        this.#add(pid, undefined);
      }
    }
    return found.filter((pid) => !this.#own.has(pid));
  }

  /** @returns the live app process with this serial number, if any */
  lookup(id: number): Pid | undefined {
    const pid = this.#byId.get(id);
    return pid !== undefined && this.rt.alive(pid) ? pid : undefined;
  }

  /** @returns who spawned `pid`, when the tracker saw it spawn */
  spawnerOf(pid: Pid): Pid | undefined {
    return this.#spawner.get(pid);
  }

  /** Counts one request the app answered. */
  countRequest(): void {
    this.#requests++;
  }

  /** Adds a logger report to the timeline. */
  log(line: string): void {
    this.timeline.add(this.rt.clock.now(), "log", line);
    this.#notify();
  }

  /** Takes a chart sample: the process count and the requests since the last. */
  sample(): void {
    const processes = this.rt.processCount - this.#ownAlive();
    const at = this.rt.clock.now();
    this.samples.push({ at, processes, requests: this.#requests });
    this.#requests = 0;
    if (this.samples.length > SAMPLES) this.samples.shift();
  }

  /** Tells `page` of the next change (once, until it calls `seen`). */
  watch(page: Pid): void {
    this.#pages.set(page, false);
  }

  /** `page` has sent its snapshot: tell it of the next change. */
  seen(page: Pid): void {
    if (this.#pages.has(page)) this.#pages.set(page, false);
  }

  /** @returns `#PID<0.102.0> (:http_server)`, or the pid alone */
  name = (pid: Pid | Port): string => {
    const name = "proc" in pid ? this.#names.get(pid) : undefined;
    return name === undefined ? `${pid}` : `${pid} (${name})`;
  };

  #ownAlive(): number {
    let n = 0;
    for (const pid of this.#own) if (this.rt.alive(pid)) n++;
    return n;
  }

  #add(pid: Pid, spawner: Pid | undefined): void {
    this.#byId.set(pid.id, pid);
    this.#spawner.set(pid, spawner);
  }

  #on(e: RuntimeEvent): void {
    if (this.#mine(e)) return;
    if (e.type === "spawn") this.#add(e.pid, e.parent);
    if (e.type === "register") this.#names.set(e.pid, e.name);
    const line = this.#notable(e) ? describe(e, this.name) : undefined;
    if (e.type === "unregister") this.#names.delete(e.pid);
    if (e.type === "exit") {
      this.#byId.delete(e.pid.id);
      this.#spawner.delete(e.pid);
      this.#listed.delete(e.pid);
    }
    if (line !== undefined) {
      this.timeline.add(this.rt.clock.now(), e.type, line);
    }
    if (e.type !== "monitor" && e.type !== "demonitor") this.#notify();
  }

  /** Whether `e` is about the observer itself (and keeps its set). */
  #mine(e: RuntimeEvent): boolean {
    const own = this.#own;
    switch (e.type) {
      case "spawn":
        if (e.parent === undefined || !own.has(e.parent)) return false;
        own.add(e.pid);
        return true;
      case "exit":
        return own.delete(e.pid);
      case "link":
      case "unlink":
        return own.has(e.pid) || ("proc" in e.to && own.has(e.to));
      case "monitor":
      case "demonitor":
        return own.has(e.watcher);
      case "exit_signal":
      case "EXIT":
      case "DOWN":
        return own.has(e.to);
      case "register":
      case "unregister":
        return own.has(e.pid);
      case "restart":
        return own.has(e.supervisor);
    }
  }

  #notable(e: RuntimeEvent): boolean {
    switch (e.type) {
      case "spawn": {
        // A spawn after an await has no known spawner (the runtime knows
        // only the step running synchronously): not listed unless linked.
        const listed = e.link !== undefined ||
          (e.parent !== undefined && isGenServer(e.parent));
        if (listed) this.#listed.add(e.pid);
        return listed;
      }
      case "exit":
        return this.#listed.has(e.pid) || this.#names.has(e.pid) ||
          e.reason !== "normal";
      case "monitor":
      case "demonitor":
        return false;
      case "link":
      case "unlink":
        return this.#listed.has(e.pid) || this.#names.has(e.pid);
      case "DOWN":
      case "EXIT":
        return e.reason !== "normal" || this.#listed.has(e.to);
      default:
        return true;
    }
  }

  #notify(): void {
    for (const [page, told] of this.#pages) {
      if (!this.rt.alive(page)) this.#pages.delete(page);
      else if (!told) {
        this.#pages.set(page, true);
        this.rt.send(page, CHANGED);
      }
    }
  }
}
