/**
 * Process identifiers, references and ports: the opaque handles of the
 * runtime, printed the way the BEAM prints them (`#PID<0.201.0>`,
 * `#Reference<0.0.0.7>`, `#Port<0.4>`).
 *
 * A {@linkcode Pid} is only a name for a process: holding one keeps nothing
 * alive, and every operation on a dead pid follows the BEAM's rule for it
 * (dropped sends, `noproc`, `nil` info).
 *
 * @module
 */

/** A process identifier, as returned by `spawn` and `self()`. */
export class Pid {
  /**
   * A pid; made by the runtime.
   *
   * @param id the serial number shown in `#PID<0.id.0>`
   * @param proc the process's internal record (runtime use only)
   */
  constructor(readonly id: number, /** @internal */ readonly proc: object) {}

  /**
   * How iex prints the pid.
   *
   * @returns `#PID<0.201.0>`
   */
  toString(): string {
    return `#PID<0.${this.id}.0>`;
  }
}

/** A unique reference, as returned by `make_ref()` and `Process.monitor/1`. */
export class Ref {
  /**
   * A reference; made by the runtime (`make_ref/0`).
   *
   * @param id the serial number shown in `#Reference<0.0.0.id>`
   */
  constructor(readonly id: number) {}

  /**
   * How iex prints the reference.
   *
   * @returns `#Reference<0.0.0.7>`
   */
  toString(): string {
    return `#Reference<0.0.0.${this.id}>`;
  }
}

/** Closes a port's resource, told why: the owner's exit reason, or `:normal`. */
export type PortCloser = (reason: unknown) => void;

/** How a port is made; see `self.openPort`. */
export interface PortOptions {
  /** The owner's pid: `Port.info(port, :connected)`. */
  owner?: Pid;
  /**
   * `Port.info(port, :name)`: what the port runs, as the BEAM names it
   * (`'cat'`, `'tcp_inet'` for a socket). Default `"tcp_inet"`: every port
   * servy opens is a socket.
   */
  name?: string;
}

/**
 * A port: a resource (a listening socket, a connection) owned by a process
 * and linked to it. When the owner exits, for any reason, the port closes
 * with that reason; `Port.close` closes it with `:normal`. Either way each
 * monitor on it (`Port.monitor/1`) is told the reason once.
 */
export class Port {
  #close: PortCloser | undefined;
  /** `Port.info(port, :name)`. */
  readonly name: string;
  /** @internal The owner, `:connected`; dropped when the port closes. */
  owner: Pid | undefined;
  /** @internal The monitors on this port: what each is told when it closes. */
  watchers: Map<Ref, (reason: unknown) => void> | undefined;

  /**
   * A port; made by the runtime (`self.openPort`).
   *
   * @param id the serial number shown in `#Port<0.id>`
   * @param close closes the underlying resource; called at most once
   * @param options the owner and the name
   */
  constructor(readonly id: number, close: PortCloser, options?: PortOptions) {
    this.#close = close;
    this.owner = options?.owner;
    this.name = options?.name ?? "tcp_inet";
  }

  /** Whether the port is still open (`Port.info/1` is not `nil`). */
  get open(): boolean {
    return this.#close !== undefined;
  }

  /**
   * Closes the resource once, then tells the port's monitors; later calls
   * do nothing.
   *
   * @param reason why: the owner's exit reason, or `"normal"` when closed
   *   on purpose
   */
  close(reason: unknown = "normal"): void {
    const close = this.#close;
    this.#close = undefined;
    if (close === undefined) return;
    this.owner = undefined;
    try {
      close(reason);
    } catch {
      // Already closed by its peer: closing is idempotent, as on the BEAM.
    }
    const watchers = this.watchers;
    this.watchers = undefined;
    if (watchers !== undefined) {
      for (const tell of watchers.values()) tell(reason);
    }
  }

  /**
   * How iex prints the port.
   *
   * @returns `#Port<0.4>`
   */
  toString(): string {
    return `#Port<0.${this.id}>`;
  }
}
