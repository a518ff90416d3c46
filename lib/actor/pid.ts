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
   * @param id the serial number shown in `#PID<0.id.0>`
   * @param proc the process's internal record (runtime use only)
   */
  constructor(readonly id: number, /** @internal */ readonly proc: object) {}

  /** @returns the pid as iex prints it: `#PID<0.201.0>` */
  toString(): string {
    return `#PID<0.${this.id}.0>`;
  }
}

/** A unique reference, as returned by `make_ref()` and `Process.monitor/1`. */
export class Ref {
  /** @param id the serial number shown in `#Reference<0.0.0.id>` */
  constructor(readonly id: number) {}

  /** @returns the reference as iex prints it: `#Reference<0.0.0.7>` */
  toString(): string {
    return `#Reference<0.0.0.${this.id}>`;
  }
}

/** Closes a port's resource, told the owner's exit reason. */
export type PortCloser = (reason: unknown) => void;

/**
 * A port: a resource (a listening socket, a connection) owned by a process
 * and linked to it. When the owner exits, for any reason, the port closes.
 */
export class Port {
  #close: PortCloser | undefined;

  /**
   * @param id the serial number shown in `#Port<0.id>`
   * @param close closes the underlying resource; called at most once
   */
  constructor(readonly id: number, close: PortCloser) {
    this.#close = close;
  }

  /** @returns whether the port is still open */
  get open(): boolean {
    return this.#close !== undefined;
  }

  /**
   * Closes the resource once; later calls do nothing.
   *
   * @param reason why: the owner's exit reason, or `"normal"` when closed
   *   on purpose
   */
  close(reason: unknown = "normal"): void {
    const close = this.#close;
    this.#close = undefined;
    if (close === undefined) return;
    try {
      close(reason);
    } catch {
      // Already closed by its peer: closing is idempotent, as on the BEAM.
    }
  }

  /** @returns the port as iex prints it: `#Port<0.4>` */
  toString(): string {
    return `#Port<0.${this.id}>`;
  }
}
