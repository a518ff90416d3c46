/**
 * The floor for bench/runtime.ts: the least a process scheduler on this Deno
 * does for the bench's workloads, so servy's figures can be read as a
 * ratio to it. Processes are generators (an `async function*` stepped through
 * the promise of its `next()`, or a `function*` stepped synchronously, no
 * promise per step), run first-in first-out; each has a mailbox with
 * selective receive (the oldest message the predicate accepts, as servy's
 * and Elixir's `receive`), `send`, `spawn`, and a monitor that sends a DOWN
 * message when its target exits; floor_gen_server.ts adds a GenServer-style
 * `call` on top.
 *
 * A body blocks only with `yield* self.receive(accept)`, as in servy. As in
 * servy, a process takes at most `SLICE` receives without suspending, and
 * after `BUDGET` steps the run queue waits for a macrotask, so timers and I/O
 * are not starved. Nothing else: no links, registry, timers, logging or
 * argument checks. A pid is the process object itself.
 *
 * Tuned by measurement (CPU time, min of 4 runs, ring / ping-pong /
 * spawn+exit): the receive is the process object itself, reused (a process
 * waits in one receive at a time), rather than a new object per receive
 * (that cost up to 2x on the sync ring); `next` gives plain results, for
 * both kinds of `yield*` (without `Symbol.asyncIterator` the async-from-sync
 * wrapper cost 2.5x on ping-pong); an async step is `.then` with two
 * closures, marginally ahead of an `await` in an async function and of
 * closures bound once per process (88/145/126 ms against 96/162/130 and
 * 95/144/139).
 *
 * @module
 */

import { setImmediate } from "node:timers";

/** A body: what `spawn` runs, an async or a sync generator function. */
export type FloorBody = (
  self: FloorProc,
) =>
  | AsyncGenerator<unknown, unknown, unknown>
  | Generator<unknown, unknown, unknown>;

/** A monitor: its ref, and the DOWN message's fields. */
export class FloorRef {
  constructor(readonly target: FloorProc, readonly watcher: FloorProc) {}
}

/** `{:DOWN, ref, :process, pid, reason}`. */
export interface FloorDown {
  readonly type: "DOWN";
  readonly ref: FloorRef;
  readonly pid: FloorProc;
  readonly reason: unknown;
}

const NONE = Symbol("none");
const SLICE = 500, BUDGET = 4000;
const PENDING: IteratorResult<unknown, never> = { done: false, value: NONE };
const anything = () => true;
const identity = (m: unknown) => m;

/** One process, and the API its body gets as `self`. */
export class FloorProc {
  gen!:
    | AsyncGenerator<unknown, unknown, unknown>
    | Generator<unknown, unknown, unknown>;
  sync = false;
  alive = true;
  /** Set by `run`: told the result at exit. */
  onExit: ((reason: unknown, value: unknown) => void) | undefined;
  #box: unknown[] | undefined;
  #head = 0;
  /** The pending receive's predicate, while it waits; undefined otherwise. */
  accept: ((m: unknown) => boolean) | undefined;
  #pred: (m: unknown) => boolean = anything;
  #finish: (m: unknown) => unknown = identity;
  #got: unknown = NONE;
  #slice = 0;
  parked = false;
  watchers: FloorRef[] | undefined;

  constructor(readonly floor: Floor) {}

  get pid(): FloorProc {
    return this;
  }

  spawn(body: FloorBody): FloorProc {
    return this.floor.spawn(body);
  }

  send(to: unknown, msg: unknown): void {
    (to as FloorProc).deliver(msg);
  }

  /** `receive`: use at once with `yield*`; gives `finish(message)`. */
  receive(accept: (m: unknown) => boolean = anything, finish = identity): this {
    this.#pred = accept;
    this.#finish = finish;
    return this;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** An async `yield*` awaits what `next` returns: a plain result serves it. */
  [Symbol.asyncIterator](): AsyncIterator<unknown, unknown, unknown> {
    return this as unknown as AsyncIterator<unknown, unknown, unknown>;
  }

  /** Steps the pending receive: a plain result for either kind of `yield*`. */
  next(): IteratorResult<unknown, unknown> {
    const got = this.#got;
    if (got !== NONE) {
      this.#got = NONE;
      return { done: true, value: this.#finish(got) };
    }
    if (this.accept !== undefined) return PENDING; // woken by no one yet
    if (++this.#slice === SLICE) {
      this.#slice = 0;
      return PENDING; // `accept` unset: the scheduler runs it again later
    }
    const msg = this.#take(this.#pred);
    if (msg !== NONE) return { done: true, value: this.#finish(msg) };
    this.accept = this.#pred;
    this.#slice = 0; // it suspends: a new slice when it runs again
    return PENDING;
  }

  #take(accept: (m: unknown) => boolean): unknown {
    const box = this.#box;
    if (box === undefined) return NONE;
    for (let i = this.#head; i < box.length; i++) {
      const msg = box[i];
      if (!accept(msg)) continue;
      if (i !== this.#head) box.splice(i, 1);
      else if (++this.#head === box.length) {
        this.#box = undefined;
        this.#head = 0;
      } else box[i] = undefined;
      return msg;
    }
    return NONE;
  }

  /** Puts `msg` in the mailbox, or hands it to the receive waiting for it. */
  deliver(msg: unknown): void {
    if (!this.alive) return;
    const accept = this.accept;
    if (accept !== undefined && accept(msg)) {
      this.accept = undefined;
      this.#got = msg;
      if (this.parked) this.floor.enqueue(this);
    } else (this.#box ??= []).push(msg);
  }

  /** `Process.monitor/1`: a DOWN comes when `pid` exits (`:noproc` if it has). */
  monitor(pid: unknown): FloorRef {
    const target = pid as FloorProc, ref = new FloorRef(target, this);
    if (!target.alive) this.deliver(down(ref, "noproc"));
    else (target.watchers ??= []).push(ref);
    return ref;
  }

  /** `Process.demonitor(ref, [:flush])`. */
  demonitor(ref: FloorRef): void {
    const w = ref.target.watchers;
    const i = w === undefined ? -1 : w.indexOf(ref);
    if (i >= 0) {
      w![i] = w![w!.length - 1];
      w!.pop();
    }
    if (this.#box !== undefined) this.#flush(ref);
  }

  #flush(ref: FloorRef): void {
    const kept = this.#box!.slice(this.#head).filter((m) =>
      !((m as FloorDown | null)?.type === "DOWN" &&
        (m as FloorDown).ref === ref)
    );
    this.#box = kept.length === 0 ? undefined : kept;
    this.#head = 0;
  }

  /** Exits with `reason`, sending the DOWN messages. */
  exit(reason: unknown, value?: unknown): void {
    this.alive = false;
    this.accept = undefined;
    this.#box = undefined;
    for (const ref of this.watchers ?? []) {
      ref.watcher.deliver(down(ref, reason));
    }
    this.watchers = undefined;
    this.onExit?.(reason, value);
  }
}

function down(ref: FloorRef, reason: unknown): FloorDown {
  return { type: "DOWN", ref, pid: ref.target, reason };
}

/** The run queue. */
export class Floor {
  #queue: (FloorProc | undefined)[] = [];
  #head = 0;
  #scheduled = false;
  #steps = 0;
  /** Async steps whose `next()` has not settled. */
  inflight = 0;

  /** `spawn/1`: the body runs after those already queued. */
  spawn(body: FloorBody): FloorProc {
    const p = new FloorProc(this);
    p.gen = body(p);
    p.sync = !(Symbol.asyncIterator in p.gen);
    this.enqueue(p);
    return p;
  }

  /** Sends from outside any process. */
  send(to: FloorProc, msg: unknown): void {
    to.deliver(msg);
  }

  /** Runs `body` in a process. @returns what it returns, or rejects with its error */
  run(body: FloorBody): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.spawn(body).onExit = (reason, value) =>
        reason === "normal"
          ? resolve(value)
          : reject((reason as { error: unknown }).error);
    });
  }

  /** @returns true when no process is runnable or running */
  get idle(): boolean {
    return this.#head === this.#queue.length && this.inflight === 0;
  }

  enqueue(p: FloorProc): void {
    p.parked = false;
    this.#queue.push(p);
    if (this.#scheduled) return;
    this.#scheduled = true;
    if (this.#steps < BUDGET) queueMicrotask(this.#drain);
    else {
      this.#steps = 0;
      setImmediate(this.#drain);
    }
  }

  #drain = (): void => {
    const q = this.#queue;
    while (this.#head < q.length && this.#steps++ < BUDGET) {
      const p = q[this.#head]!;
      q[this.#head++] = undefined;
      if (!p.alive) continue;
      if (p.sync) syncStep(p);
      else this.#asyncStep(p);
    }
    if (this.#head === q.length) {
      this.#queue = [];
      this.#head = 0;
      this.#scheduled = false;
    } else {
      this.#steps = 0;
      setImmediate(this.#drain);
    }
  };

  #asyncStep(p: FloorProc): void {
    this.inflight++;
    (p.gen as AsyncGenerator<unknown, unknown, unknown>).next().then(
      (r) => {
        this.inflight--;
        settle(p, r);
      },
      (error) => {
        this.inflight--;
        p.exit({ error });
      },
    );
  }
}

function syncStep(p: FloorProc): void {
  let r;
  try {
    r = (p.gen as Generator<unknown, unknown, unknown>).next();
  } catch (error) {
    return p.exit({ error });
  }
  settle(p, r);
}

function settle(p: FloorProc, r: IteratorResult<unknown, unknown>): void {
  if (!p.alive) return;
  if (r.done) p.exit("normal", r.value);
  else if (p.accept === undefined) p.floor.enqueue(p); // woken, or it yielded
  else p.parked = true;
}
