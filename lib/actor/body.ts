/**
 * Process bodies, checked and called for `spawn`. A body is a generator
 * function of either kind, and both block the same way, with `yield*` into
 * a receive:
 *
 * - an `async function*` may also `await` host promises; the scheduler
 *   steps it through the promise each `next()` returns;
 * - a `function*` is stepped synchronously, with no promise per step (the
 *   fast kind: a step is one call); it waits for a host promise with
 *   `yield* self.await(promise)`.
 *
 * What is refused or how it fails:
 * 1. Not a function, or an async function (it would run at once,
 *   unscheduled): a `TypeError` at the call to `spawn`.
 * 2. A function that throws when called: the process exits with that error
 *    at its first step, as with any raise before a `yield`.
 * 3. A function that returns anything but a generator: a `TypeError` at the
 *    call to `spawn`.
 *
 * Spawning many: write the body once, at module level, and pass it what it
 * needs, `spawn((self) => worker(self, conn))`. V8 makes every new
 * generator function its own hidden class, in the old generation, the
 * first time it is called; a `function*` written inside a loop is a new
 * function at every turn. That costs each spawn a class, and keeps what
 * each such body captured alive through every minor GC until the next full
 * one: 100k processes spawned and exited took 1.4–3x the time with the
 * body written inline (Deno 2.9, V8 15).
 *
 * @module
 */

import { inspect } from "./inspect.ts";
import type { Body, Self } from "./process.ts";

const AsyncFunction = (async () => {}).constructor;
const GeneratorFunction = function* () {}.constructor;
/** `%AsyncGeneratorPrototype%`, which every async generator inherits. */
const ASYNC_GENERATOR: object =
  Object.getPrototypeOf(async function* () {}).prototype;
/** `%GeneratorPrototype%`, which every sync generator inherits. */
const GENERATOR: object = Object.getPrototypeOf(function* () {}).prototype;
const MUST = "a process body must be a generator function";

/**
 * @internal Raises the `TypeError` of `spawn` for what can never be a body:
 * not a function, or an async function.
 */
export function checkBody(body: unknown): asserts body is Body {
  if (typeof body !== "function") {
    throw new TypeError(`Cannot spawn ${inspect(body)}: ${MUST}`);
  }
  if (body instanceof AsyncFunction) {
    throw new TypeError(`Cannot spawn ${describe(body)}: ${MUST}`);
  }
}

/** @returns whether `gen` is a sync generator (else an async one) */
export function isSyncGenerator(
  gen: Generator<unknown, unknown> | AsyncGenerator<unknown, unknown>,
): gen is Generator<unknown, unknown> {
  return Object.prototype.isPrototypeOf.call(GENERATOR, gen);
}

/**
 * @internal Calls `body` for the new process `self`:
 * 1. It returns a generator, async or sync: that is what the scheduler steps.
 * 2. It throws: a generator that raises the same error at its first step,
 *    so the process exits with it as with any raise before a `yield`.
 * 3. It returns anything else: the `TypeError` for `spawn` to raise.
 *
 * @returns the generator, or the error
 */
export function callBody(
  body: Body,
  self: Self,
): Generator<unknown, unknown> | AsyncGenerator<unknown, unknown> | TypeError {
  let gen: unknown;
  try {
    gen = body(self);
  } catch (error) {
    return raise(error);
  }
  if (typeof gen === "object" && gen !== null) {
    if (Object.prototype.isPrototypeOf.call(ASYNC_GENERATOR, gen)) {
      return gen as AsyncGenerator<unknown, unknown>;
    }
    if (Object.prototype.isPrototypeOf.call(GENERATOR, gen)) {
      return gen as Generator<unknown, unknown>;
    }
  }
  return new TypeError(
    `Cannot spawn ${describe(body)}: it returned ${
      describeValue(gen)
    }, not a generator`,
  );
}

function* raise(error: unknown): Generator<never, never, unknown> {
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
