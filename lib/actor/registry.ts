/**
 * The name registry: `Process.register/2`, `Process.unregister/1`,
 * `Process.whereis/1`, `Process.registered/0`.
 *
 * `register(pid, name)` raises `ArgumentError`, changing nothing, when:
 * 1. the name is taken (even by the same pid);
 * 2. the pid already has a name;
 * 3. the pid is dead.
 * All three with Elixir 1.14's one message: "could not register #PID<0.100.0>
 * with name :taken because it is not alive, the name is already taken, or it
 * has already been given another name".
 * `nil`, `true`, `false` and `:undefined` are not names
 * (`FunctionClauseError`, "no function clause matching in
 * Process.register/2"). `unregister` of a free name raises the `badarg` OTP
 * 25 describes as "errors were found at the given arguments: * 1st argument:
 * not a pid". A name is freed when its process exits, before its monitors
 * fire.
 *
 * @module
 */

import { inspectReason } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import { ArgumentError } from "./exit_reason.ts";
import { ALIVE, type Names, type Proc } from "./proc.ts";

/** Raised for arguments no clause accepts (`nil` as a name). */
export class FunctionClauseError extends TypeError {
  /**
   * The error, named `FunctionClauseError`.
   *
   * @param message the text, as `Exception.message/1` gives it
   */
  constructor(message: string) {
    super(message);
    this.name = "FunctionClauseError";
  }
}

const NOT_NAMES = new Set(["nil", "true", "false", "undefined"]);

/** Names to processes. */
export class Registry implements Names {
  #names = new Map<string, Proc>();

  /** Registers `pid` as `name`. @returns true */
  register(pid: Pid, name: string): true {
    if (typeof name !== "string" || NOT_NAMES.has(name)) {
      throw new FunctionClauseError(
        "no function clause matching in Process.register/2",
      );
    }
    const proc = pid.proc as Proc;
    if (
      this.#names.has(name) || proc.reason !== ALIVE || proc.name !== undefined
    ) {
      throw new ArgumentError(
        `could not register ${pid} with name ${
          inspectReason(name)
        } because it is not alive, the name is already taken, or it has already been given another name`,
      );
    }
    this.#names.set(name, proc);
    proc.name = name;
    const events = proc.rt.events;
    if (events.active) events.emit({ type: "register", pid, name });
    return true;
  }

  /** Frees `name`. @returns true */
  unregister(name: string): true {
    const proc = this.#names.get(name);
    if (proc === undefined) {
      // OTP 25's erl_erts_errors text for unregister/1's badarg, as Elixir 1.14 shows it.
      throw new ArgumentError(
        "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n",
      );
    }
    this.#names.delete(name);
    proc.name = undefined;
    const events = proc.rt.events;
    if (events.active) events.emit({ type: "unregister", pid: proc.pid, name });
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
      const events = proc.rt.events;
      if (events.active) {
        events.emit({ type: "unregister", pid: proc.pid, name: proc.name });
      }
    }
  }
}
