/**
 * Monitors: `Process.monitor/1` and `Process.demonitor/2`.
 *
 * 1. Every call returns a new ref; each monitor fires exactly one
 *    `{ type: "DOWN", ref, pid, reason }`, and never kills the watcher.
 * 2. A dead pid, or a free name, gives a ref and at once a DOWN `:noproc`.
 * 3. A monitor set on a name reports `{name, node}` in place of the pid.
 * 4. `monitor(self())` returns a ref and creates nothing.
 * 5. `demonitor(ref)` returns true and leaves a delivered DOWN in the
 *    mailbox; `flush` removes it; `info` tells whether a monitor was removed.
 *
 * @module
 */

import { isDown } from "./exit_reason.ts";
import type { Pid, Ref } from "./pid.ts";
import { unwatchPort } from "./port_monitor.ts";
import {
  addMonitor,
  addWatcher,
  ALIVE,
  type DemonitorOptions,
  type Dest,
  Monitor,
  type Proc,
  removeMonitor,
  removeWatcher,
} from "./proc.ts";

/** Sets a monitor from `self` on `target`. @returns its ref */
export function monitor(self: Proc, target: Dest): Ref {
  const name = typeof target === "string" ? target : undefined;
  const proc = typeof target === "string"
    ? self.rt.registry.lookup(target)
    : target.proc as Proc;
  if (proc === self) return self.rt.makeRef();
  if (proc === undefined || proc.reason !== ALIVE) {
    const ref = self.rt.makeRef();
    const pid = name === undefined ? target as Pid : self.rt.nodeName(name);
    const events = self.rt.events;
    if (events.active) {
      const to = self.pid;
      events.emit({ type: "DOWN", to, ref, pid, reason: "noproc" });
    }
    self.deliver({ type: "DOWN", ref, pid, reason: "noproc" });
    return ref;
  }
  const m = self.rt.makeMonitor(self, name);
  watch(m, proc);
  return m;
}

/**
 * Sets the monitor `m` of a process on the live process `proc`, with no
 * checks: `monitor` has made them, and `spawn_monitor` sets it on a process
 * that has not run yet.
 */
export function watch(m: Monitor, proc: Proc): void {
  const self = m.watcher as Proc;
  m.target = proc;
  addMonitor(self, m);
  addWatcher(proc, m);
  const events = self.rt.events;
  if (events.active) {
    events.emit({
      type: "monitor",
      ref: m,
      watcher: self.pid,
      target: proc.pid,
    });
  }
}

/** Removes the monitor `ref` of `self`, if it is active. @returns whether it was */
export function unwatch(self: Proc, ref: Ref): boolean {
  // Active: still in its watcher's ring (a DOWN, or either exit, takes it out).
  if (
    !(ref instanceof Monitor) || ref.watcher !== self ||
    ref.newer === undefined
  ) return false;
  removeMonitor(self, ref);
  if (ref.target !== undefined) removeWatcher(ref.target, ref);
  const events = self.rt.events;
  if (events.active) {
    const target = ref.target?.pid;
    events.emit({ type: "demonitor", ref, watcher: self.pid, target });
  }
  return true;
}

/** Removes the monitor `ref` of `self`. @returns true, or with `info` whether it was active */
export function demonitor(
  self: Proc,
  ref: Ref,
  options?: DemonitorOptions,
): boolean {
  const active = unwatch(self, ref) || unwatchPort(self, ref);
  // An active monitor has sent no DOWN yet: there is nothing to flush.
  if (options?.flush && !active) {
    self.mailbox.remove((msg) => isDown(msg) && msg.ref === ref);
  }
  return options?.info ? active : true;
}
