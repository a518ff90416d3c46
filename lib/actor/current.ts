/**
 * The calling process, known without a `self` parameter: what lets client
 * functions read like Elixir's (`GenServer.call(@name, request)`), with no
 * process threaded through them.
 *
 * The scheduler records the process whose step runs ({@linkcode
 * runningProcess}); that costs one write a step, where AsyncLocalStorage
 * costs ~280 ns. It is always right inside a `function*` body or callback
 * (a step is one synchronous call), and in an `async function*` body until
 * its first `await` of the step; after an `await`, no process is known:
 *
 * 1. A blocking verb (`GenServer.call`, `Process.receive`, ...) is a
 *    {@linkcode Deferred}: it finds its process at its first step, and if
 *    none is known there it yields once, so the scheduler resumes it in a
 *    step of its own, where it is. So `yield* GenServer.call(...)` works
 *    everywhere a `yield*` does.
 * 2. A verb that does not block (`GenServer.cast`, `Process.send`, ...) must
 *    answer at once: where no process is known it raises an `Error` that
 *    names the `self.` form, which works everywhere.
 *
 * @module
 */

import { isSelf, type Process as Proc, type Self } from "./process.ts";
import { type Marker, type Receive, YIELDS } from "./receive.ts";
import { runningProcess } from "./scheduler.ts";

/**
 * @param verb what was called, for the error
 * @param withSelf the form that works there
 * @returns the process whose step runs now; raises where none is known
 */
export function current(verb: string, withSelf = `self.${verb}(...)`): Proc {
  const p = runningProcess() as Proc | undefined;
  if (p !== undefined) return p;
  throw new Error(
    `${verb} was called where no process is known: outside any process, or in an async function* body after an await; call it as ${withSelf}`,
  );
}

/**
 * A blocking operation of the calling process, made at its first step:
 * `make` gets the process and gives the receive (or await) to run.
 */
export class Deferred<T>
  implements IterableIterator<Marker, T, unknown>, AsyncIterable<Marker, T> {
  #op: Iterator<Marker, T, unknown> | undefined;
  /** Delegated to by an async `yield*`: so is the operation, once made. */
  #async = false;

  /**
   * A verb's operation, made when it first steps.
   *
   * @param make builds the operation for the calling process
   */
  constructor(
    /** @internal */ readonly make: (
      self: Proc,
    ) => Iterator<Marker, T, unknown>,
  ) {}

  /** For `yield*` in a `function*`. */
  [Symbol.iterator](): this {
    return this;
  }

  /** For `yield*` in an `async function*`. */
  [Symbol.asyncIterator](): AsyncIterator<Marker, T, unknown> {
    this.#async = true;
    return this as unknown as AsyncIterator<Marker, T, unknown>;
  }

  /** Steps the operation, made first in a step whose process is known. */
  next(): IteratorResult<Marker, T> {
    let op = this.#op;
    if (op === undefined) {
      const self = runningProcess() as Proc | undefined;
      if (self === undefined) return YIELDS;
      op = this.#op = this.make(self);
      // An async `yield*` awaits each result, which costs less for a plain
      // one: a receive told so gives its result as one (receive.ts).
      if (this.#async) {
        (op as Partial<AsyncIterable<Marker>>)[Symbol.asyncIterator]?.();
      }
    }
    return op.next();
  }
}

/**
 * A blocking verb that may be given the calling process first (`verb(self,
 * ...)`): from `self` at once when `args` start with it, else deferred to
 * the calling process's first step.
 *
 * @param args the verb's arguments, `self` first or not
 * @param make runs the verb from `self` with the other arguments
 * @returns the receive, or the deferred one
 */
export function fromCaller<T>(
  args: readonly unknown[],
  make: (self: Self, rest: readonly unknown[]) => Receive<T>,
): Receive<T> | Deferred<T> {
  if (isSelf(args[0])) return make(args[0], args.slice(1));
  return new Deferred((self) => make(self, args));
}
