/**
 * Process bodies, checked and called for `spawn`, and who raised an error
 * that no one handled (for the host's crash reports):
 *
 * 1. Not a function, an async function or a sync generator function: a
 *    `TypeError` at the call to `spawn`.
 * 2. A function that throws when called: the process exits with that error
 *    at its first step, as with any raise before a `yield`.
 * 3. A function that returns anything but an async generator: a
 *    `TypeError` at the call to `spawn`.
 *
 * @module
 */

import { inspect } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import type { Body, Self } from "./process.ts";

const AsyncFunction = (async () => {}).constructor;
const GeneratorFunction = function* () {}.constructor;
/** `%AsyncGeneratorPrototype%`, which every async generator inherits. */
const ASYNC_GENERATOR: object =
  Object.getPrototypeOf(async function* () {}).prototype;
const MUST = "a process body must be an async generator function";

/**
 * @internal Raises the `TypeError` of `spawn` for what can never be a body:
 * not a function, an async function (it would run at once, unscheduled), or
 * a sync generator function (it cannot delegate to a receive).
 */
export function checkBody(body: unknown): asserts body is Body {
  if (typeof body !== "function") {
    throw new TypeError(`Cannot spawn ${inspect(body)}: ${MUST}`);
  }
  if (body instanceof AsyncFunction) {
    throw new TypeError(`Cannot spawn ${describe(body)}: ${MUST}`);
  }
  if (body instanceof GeneratorFunction) {
    throw new TypeError(
      `Cannot spawn ${
        describe(body)
      }: ${MUST}; a sync generator cannot wait in a receive`,
    );
  }
}

/**
 * @internal Calls `body` for the new process `self`:
 * 1. It returns an async generator: that is what the scheduler steps.
 * 2. It throws: a generator that raises the same error at its first step,
 *    so the process exits with it as with any raise before a `yield`.
 * 3. It returns anything else: the `TypeError` for `spawn` to raise.
 *
 * @returns the generator, or the error
 */
export function callBody(
  body: Body,
  self: Self,
): AsyncGenerator<unknown, unknown, unknown> | TypeError {
  let gen: unknown;
  try {
    gen = body(self);
  } catch (error) {
    return raise(error);
  }
  if (
    typeof gen === "object" && gen !== null &&
    Object.prototype.isPrototypeOf.call(ASYNC_GENERATOR, gen)
  ) {
    return gen as AsyncGenerator<unknown, unknown, unknown>;
  }
  return new TypeError(
    `Cannot spawn ${describe(body)}: it returned ${
      describeValue(gen)
    }, not an async generator`,
  );
}

async function* raise(error: unknown): AsyncGenerator<never, never, unknown> {
  throw error;
}

function describe(fn: { readonly name: string }): string {
  const kind = fn instanceof AsyncFunction
    ? "async function"
    : fn instanceof GeneratorFunction
    ? "generator function"
    : "function";
  return fn.name === "" ? `an anonymous ${kind}` : `${kind} ${fn.name}`;
}

function describeValue(value: unknown): string {
  if (typeof value !== "object" || value === null) return inspect(value);
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return `${/^[AEIOU]/.test(tag) ? "an" : "a"} ${tag}`;
}

/** Who raised the errors the process API threw, for reports if no one handles them. */
const raisers = new WeakMap<object, Pid>();

/**
 * @internal Records that the code of `pid` raised `error`, so that if no one
 * handles it (an unawaited helper of a killed process) its report names the
 * process.
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
