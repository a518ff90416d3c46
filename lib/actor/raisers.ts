/**
 * Who raised the errors the process API threw, for the reports of errors
 * no one handled (an unawaited helper of a killed process): the host's
 * handler names the process.
 *
 * @module
 */

import type { Pid } from "./pid.ts";

const raisers = new WeakMap<object, Pid>();

/**
 * @internal Records that the code of `pid` raised `error`.
 *
 * @returns error
 */
export function raisedBy<E extends object>(error: E, pid: Pid): E {
  raisers.set(error, pid);
  return error;
}

/** @internal @returns the process recorded by {@linkcode raisedBy}, if any */
export function raiserOf(error: unknown): Pid | undefined {
  return typeof error === "object" && error !== null
    ? raisers.get(error)
    : undefined;
}
