/**
 * The name registry: `Process.register/2`, `Process.unregister/1`,
 * `Process.whereis/1`, `Process.registered/0`.
 *
 * `register(pid, name)` raises `ArgumentError`, changing nothing, when:
 * 1. the name is taken (even by the same pid);
 * 2. the pid already has a name;
 * 3. the pid is dead.
 * `nil` and `:undefined` are not names (`FunctionClauseError`). A name is
 * freed when its process exits, before its monitors fire.
 *
 * @module
 */

import { inspect, inspectReason } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import { ALIVE, ArgumentError, type Proc } from "./process.ts";

/** Raised for arguments no clause accepts (`nil` as a name). */
export class FunctionClauseError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "FunctionClauseError";
  }
}

/** Names to processes. */
export class Registry {
  #names = new Map<string, Proc>();

  /** Registers `pid` as `name`. @returns true */
  register(pid: Pid, name: string): true {
    if (typeof name !== "string" || name === "nil" || name === "undefined") {
      throw new FunctionClauseError(
        `No function clause matching in Process.register/2 for name ${
          inspectReason(name)
        }`,
      );
    }
    const proc = pid.proc as Proc;
    const what = `Cannot register ${inspect(pid)} as ${inspectReason(name)}`;
    if (this.#names.has(name)) {
      throw new ArgumentError(`${what}: the name is already in use`);
    }
    if (proc.reason !== ALIVE) {
      throw new ArgumentError(`${what}: the process is not alive`);
    }
    if (proc.name !== undefined) {
      throw new ArgumentError(
        `${what}: it is already registered as ${inspectReason(proc.name)}`,
      );
    }
    this.#names.set(name, proc);
    proc.name = name;
    return true;
  }

  /** Frees `name`. @returns true */
  unregister(name: string): true {
    const proc = this.#names.get(name);
    if (proc === undefined) {
      throw new ArgumentError(
        `Cannot unregister ${inspectReason(name)}: the name is not registered`,
      );
    }
    this.#names.delete(name);
    proc.name = undefined;
    return true;
  }

  /** @returns the pid registered as `name`, or undefined */
  whereis(name: string): Pid | undefined {
    return this.#names.get(name)?.pid;
  }

  /** @internal @returns the process registered as `name`, or undefined */
  lookup(name: string): Proc | undefined {
    return this.#names.get(name);
  }

  /** @returns every registered name */
  registered(): string[] {
    return [...this.#names.keys()];
  }

  /** @internal Frees the name of an exiting process. */
  release(proc: Proc): void {
    if (proc.name !== undefined && this.#names.get(proc.name) === proc) {
      this.#names.delete(proc.name);
    }
  }
}
