/**
 * Links and exit signals: `Process.link/1`, `Process.unlink/1`,
 * `Process.exit/2`, and what happens when a process exits.
 *
 * `Process.exit(pid, reason)` (an exit signal from `from`):
 * 1. `:kill` kills the target even if it traps exits; its reason is `:killed`.
 * 2. A trapping target gets `{ type: "EXIT", from, reason }`, `:normal` too.
 * 3. `:normal` is ignored, unless the target is the sender itself.
 * 4. Any other reason kills the target with that reason.
 *
 * A process exiting with `reason`, for each linked process:
 * 1. A trapping one gets `{ type: "EXIT", from, reason }`.
 * 2. A non-trapping one dies with the same reason, unless it is `:normal`
 *    (`:kill` and `:killed` travel over links as ordinary reasons).
 *
 * `Process.link(pid)` to a dead pid: a non-trapping caller raises `:noproc`,
 * a trapping one gets `{ type: "EXIT", from: pid, reason: "noproc" }`.
 *
 * @module
 */

import { ErlangError, type ExitReason } from "./exit_reason.ts";
import type { Pid } from "./pid.ts";
import { dropPortMonitors } from "./port_monitor.ts";
import { ALIVE, type Proc, removeMonitor, removeWatcher } from "./proc.ts";

/** Links `self` and `pid` both ways. @returns true */
export function link(self: Proc, pid: Pid): true {
  const peer = pid.proc as Proc;
  if (peer === self) return true;
  if (peer.reason !== ALIVE) {
    if (!self.trapExit) throw new ErlangError("noproc");
    const events = self.rt.events;
    if (events.active) {
      events.emit({ type: "EXIT", to: self.pid, from: pid, reason: "noproc" });
    }
    self.deliver({ type: "EXIT", from: pid, reason: "noproc" });
    return true;
  }
  (self.links ??= new Set()).add(peer);
  (peer.links ??= new Set()).add(self);
  const events = self.rt.events;
  if (events.active) events.emit({ type: "link", pid: self.pid, to: pid });
  return true;
}

/** Removes the link between `self` and `pid`, if any. @returns true */
export function unlink(self: Proc, pid: Pid): true {
  const peer = pid.proc as Proc;
  const linked = self.links?.delete(peer) === true;
  peer.links?.delete(self);
  const events = self.rt.events;
  if (linked && events.active) {
    events.emit({ type: "unlink", pid: self.pid, to: pid });
  }
  return true;
}

/** Sends an exit signal to `to` from `from` (`Process.exit/2`). */
export function exitSignal(to: Pid, from: Pid, reason: ExitReason): void {
  const target = to.proc as Proc;
  if (target.reason !== ALIVE) return;
  const events = target.rt.events;
  if (events.active) events.emit({ type: "exit_signal", from, to, reason });
  if (reason === "kill") return exitProcess(target, "killed");
  if (target.trapExit) {
    if (events.active) events.emit({ type: "EXIT", to, from, reason });
    return target.deliver({ type: "EXIT", from, reason });
  }
  if (reason === "normal" && to !== from) return;
  exitProcess(target, reason);
}

/**
 * Ends `proc` with `reason` and propagates: its name is freed first, then
 * its ports close, its links get the signal, its monitors fire. Cascades run
 * on a work list, so a chain of any length never deepens the stack; the
 * list is made only when a link passes the exit on, so a process that exits
 * alone allocates nothing but its DOWN messages.
 */
export function exitProcess(proc: Proc, reason: ExitReason): void {
  // The loop's body stays in this one function. Split into a small loop
  // and a helper, V8 inlined the loop into the scheduler's step, and a ring
  // of processes ran 8% more instructions (cachegrind).
  let work: [Proc, ExitReason][] | undefined;
  for (let p = proc, why = reason;;) {
    if (p.reason === ALIVE) {
      p.reason = why;
      p.status = "exiting";
      const events = p.rt.events;
      if (events.active) events.emit({ type: "exit", pid: p.pid, reason: why });
      p.waiter?.cancel();
      p.waiter = undefined;
      p.dropTimers();
      p.rt.exited(p); // frees the name before any DOWN goes out
      const links = p.links;
      p.links = undefined;
      if (links !== undefined) {
        for (const peer of links) {
          if (!("pid" in peer)) {
            if (events.active) {
              events.emit({ type: "unlink", pid: p.pid, to: peer });
            }
            peer.close(why);
          } else if (peer.reason === ALIVE && signalLink(peer, p, why)) {
            (work ??= []).push([peer, why]);
          }
        }
      }
      fireMonitors(p, why);
    }
    const item = work?.pop();
    if (item === undefined) return;
    [p, why] = item;
  }
}

/** @returns true when `peer` does not trap the exit and dies of it too */
function signalLink(peer: Proc, from: Proc, reason: ExitReason): boolean {
  peer.links?.delete(from);
  if (peer.trapExit) {
    const events = peer.rt.events;
    if (events.active) {
      events.emit({ type: "EXIT", to: peer.pid, from: from.pid, reason });
    }
    peer.deliver({ type: "EXIT", from: from.pid, reason });
    return false;
  }
  return reason !== "normal";
}

function fireMonitors(p: Proc, reason: ExitReason): void {
  const head = p.watchers;
  p.watchers = undefined;
  for (let m = head, last = head?.prev; m !== undefined;) {
    const next = m === last ? undefined : m.next;
    m.prev = m.next = undefined; // out of the ring: the target is gone
    const down = {
      type: "DOWN",
      ref: m,
      pid: m.name === undefined ? p.pid : p.rt.nodeName(m.name),
      reason,
    };
    if (typeof m.watcher === "function") m.watcher(down);
    else {
      const events = p.rt.events;
      if (events.active) {
        const { ref, pid } = down;
        events.emit({ type: "DOWN", to: m.watcher.pid, ref, pid, reason });
      }
      removeMonitor(m.watcher, m);
      m.watcher.deliver(down);
    }
    m = next;
  }
  // The monitors it held: a ring, walked as is (most processes hold none).
  const held = p.monitors;
  for (let m = held, last = held?.older; m !== undefined;) {
    const newer = m === last ? undefined : m.newer;
    m.older = m.newer = undefined;
    if (m.target !== undefined) removeWatcher(m.target, m);
    m = newer;
  }
  p.monitors = undefined;
  if (p.portMonitors !== undefined) dropPortMonitors(p);
}
