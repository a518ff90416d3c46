/**
 * Monitors on ports, in the core: set, removed, and dropped with their
 * owner. `Port.monitor/1` and `Port.demonitor/2` (port.ts) are the API.
 *
 * @module
 */

import type { Port, Ref } from "./pid.ts";
import type { Proc } from "./proc.ts";

/** Sets a monitor from `self` on `port`. @returns its ref */
export function monitorPort(self: Proc, port: Port): Ref {
  const ref = self.rt.makeRef();
  if (!port.open) {
    self.deliver({ type: "DOWN", ref, port, reason: "noproc" });
    return ref;
  }
  (self.portMonitors ??= new Map()).set(ref, port);
  (port.watchers ??= new Map()).set(ref, (reason: unknown) => {
    self.portMonitors?.delete(ref);
    self.deliver({ type: "DOWN", ref, port, reason });
  });
  return ref;
}

/** Removes the port monitor `ref` of `self`, if active. @returns whether it was */
export function unwatchPort(self: Proc, ref: Ref): boolean {
  const port = self.portMonitors?.get(ref);
  if (port === undefined) return false;
  self.portMonitors!.delete(ref);
  port.watchers?.delete(ref);
  return true;
}

/** Drops the port monitors of `self`, which has exited. */
export function dropPortMonitors(self: Proc): void {
  const monitors = self.portMonitors;
  if (monitors === undefined) return;
  self.portMonitors = undefined;
  for (const [ref, port] of monitors) port.watchers?.delete(ref);
}
