/**
 * Elixir's `Port` functions on the ports a process owns: `Port.monitor/1`,
 * `Port.demonitor/2`, `Port.info/1,2` and `Port.close/1`, as the methods of
 * `self.Port`, so a body reads like the Elixir it mirrors:
 *
 * ```ts ignore
 * const { Port } = self;
 * const ref = Port.monitor(listenSocket);
 * const down = yield* self.receive(match({ type: "DOWN", ref, reason: _ }));
 * ```
 *
 * 1. `monitor(port)` returns a new ref; when the port closes, the watcher
 *    gets one `{ type: "DOWN", ref, port, reason }` (`{:DOWN, ref, :port,
 *    port, reason}`), the reason being its owner's exit reason (`:killed`
 *    for a kill) or `:normal` for `Port.close`.
 * 2. `monitor` of a closed port gives a ref and at once a DOWN `:noproc`.
 * 3. `info(port)` gives `name`, `links`, `id` and `connected` (the owner);
 *    `undefined` (`nil`) once the port is closed.
 * 4. `close(port)` closes it with `:normal` and unlinks it from its owner;
 *    a trapping owner gets `{ type: "EXIT", from: port, reason: "normal" }`.
 *    A closed port raises `ArgumentError`.
 *
 * @module
 */

import { ArgumentError } from "./exit_reason.ts";
import { demonitor } from "./monitor.ts";
import type { Pid, Port, Ref } from "./pid.ts";
import { monitorPort } from "./port_monitor.ts";
import type { DemonitorOptions, Proc } from "./proc.ts";

/** `{:DOWN, ref, :port, port, reason}`: a monitor on a port fired. */
export interface PortDown {
  /** The tag: `:DOWN`. */
  readonly type: "DOWN";
  /** The ref `Port.monitor` returned. */
  readonly ref: Ref;
  /** The port that closed. */
  readonly port: Port;
  /** Why it closed: the owner's exit reason, or `:normal`. */
  readonly reason: unknown;
}

/** The items `Port.info/2` knows, with the type of each value. */
export interface PortInfo {
  /** What the port runs: `'tcp_inet'` for a socket. */
  name: string;
  /** The processes linked to the port: its owner. */
  links: Pid[];
  /** The port's serial number, as in `#Port<0.id>`. */
  id: number;
  /** The owner. */
  connected: Pid;
}

/** An item name of {@linkcode PortInfo}. */
export type PortInfoItem = keyof PortInfo;

/** `Port.info/1,2`. @returns the items, one item, or undefined for a closed port */
export function portInfo(port: Port): PortInfo | undefined;
export function portInfo<K extends PortInfoItem>(
  port: Port,
  item: K,
): PortInfo[K] | undefined;
export function portInfo(port: Port, item?: PortInfoItem): unknown {
  const owner = port.owner;
  if (!port.open || owner === undefined) return undefined;
  const all: PortInfo = {
    name: port.name,
    links: [owner],
    id: port.id,
    connected: owner,
  };
  if (item === undefined) return all;
  if (!(item in all)) {
    throw new TypeError(`Cannot read port info item ${JSON.stringify(item)}`);
  }
  return all[item];
}

/** `self.Port`: the `Port` functions, called from a process. */
export class PortApi {
  /**
   * The API of `self`; a body gets it as `self.Port`.
   *
   * @param self the calling process
   */
  constructor(/** @internal */ readonly self: Proc) {}

  /**
   * `Port.monitor/1`: watches `port` until it closes.
   *
   * @param port the port
   * @returns a new ref; the DOWN is a {@linkcode PortDown}
   */
  monitor(port: Port): Ref {
    this.self.checkAlive();
    return monitorPort(this.self, port);
  }

  /**
   * `Port.demonitor/2`: removes a monitor, as `Process.demonitor/2` does.
   *
   * @param ref the monitor's ref
   * @param options `flush`, `info`
   * @returns true, or with `info` whether the monitor was active
   */
  demonitor(ref: Ref, options?: DemonitorOptions): boolean {
    this.self.checkAlive();
    return demonitor(this.self, ref, options);
  }

  /**
   * `Port.info/1,2`.
   *
   * @param port the port
   * @param item one item; all of them without it
   * @returns the item's value, or the items; undefined (`nil`) once closed
   */
  info(port: Port): PortInfo | undefined;
  /** `Port.info/2`: one item of the port. */
  info<K extends PortInfoItem>(port: Port, item: K): PortInfo[K] | undefined;
  info(port: Port, item?: PortInfoItem): unknown {
    return item === undefined ? portInfo(port) : portInfo(port, item);
  }

  /**
   * `Port.close/1`: closes `port` with `:normal`, from its owner or any
   * other process.
   *
   * @param port an open port
   * @returns true; raises `ArgumentError` if the port is closed
   */
  close(port: Port): true {
    this.self.checkAlive();
    const owner = port.owner?.proc as Proc | undefined;
    if (!port.open || owner === undefined) {
      throw new ArgumentError(`Cannot close ${port}: the port is not open`);
    }
    owner.links?.delete(port);
    port.close("normal");
    // The port's exit signal to its owner: seen only when trapping.
    if (owner.trapExit) {
      owner.deliver({ type: "EXIT", from: port, reason: "normal" });
    }
    return true;
  }
}
