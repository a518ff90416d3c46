/**
 * The body protocol, measured: how a process body blocks, on the same
 * minimal scheduler, 1M ping-pong round trips each. `deno run
 * bench/body_protocol.ts` prints one line per round:
 *
 * - `async yield*`: an `async function*` body that delegates with `yield*`
 *   to a receive iterator (servy's `async function*` bodies);
 * - `async effect`: an `async function*` body that yields a plain effect
 *   the scheduler answers (the "yielded effects" design);
 * - `sync yield*`: a `function*` body that delegates to the same iterator,
 *   stepped synchronously (servy's `function*` bodies);
 * - `sync yield* x2`: the same behind two more `yield*` levels (a GenServer
 *   loop delegating to a callback delegating to a receive).
 *
 * The result decided servy's protocol: `yield*` into a receive (typed
 * results, no casts), with `function*` bodies stepped synchronously; the
 * cost was the async generator's awaits, not the protocol.
 *
 * @module
 */

const WAIT = Symbol("wait");

class P {
  box: unknown[] = [];
  waiting = false;
  gen!: Generator<unknown, unknown> | AsyncGenerator<unknown, unknown>;
  sync = false;
}

const queue: P[] = [];
let scheduled = false;

function send(p: P, m: unknown): void {
  p.box.push(m);
  if (p.waiting) {
    p.waiting = false;
    enqueue(p);
  }
}

function enqueue(p: P): void {
  queue.push(p);
  if (!scheduled) {
    scheduled = true;
    queueMicrotask(drain);
  }
}

function drain(): void {
  scheduled = false;
  const n = queue.length;
  for (let i = 0; i < n; i++) step(queue[i]);
  queue.splice(0, n);
}

function settle(p: P, r: IteratorResult<unknown>): void {
  if (r.done) return;
  if (r.value === WAIT && p.box.length === 0) p.waiting = true;
  else enqueue(p);
}

function step(p: P): void {
  if (p.sync) settle(p, (p.gen as Generator<unknown, unknown>).next());
  else {
    (p.gen as AsyncGenerator<unknown, unknown>).next().then((r) =>
      settle(p, r)
    );
  }
}

/** A receive: yields WAIT until a message is there, then returns it. */
class Recv implements Iterator<unknown, unknown> {
  constructor(readonly p: P) {}
  [Symbol.iterator](): this {
    return this;
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
  next(): IteratorResult<unknown, unknown> {
    if (this.p.box.length) return { done: true, value: this.p.box.shift() };
    return { done: false, value: WAIT };
  }
}

function receive(p: P): Recv {
  return new Recv(p);
}

function* behindTwo(p: P): Generator<unknown, unknown, unknown> {
  return yield* callback(p);
}

function* callback(p: P): Generator<unknown, unknown, unknown> {
  return yield* new Recv(p);
}

type Kind = "async yield*" | "async effect" | "sync yield*" | "sync yield* x2";

function run(kind: Kind, n: number): Promise<number> {
  return new Promise((done) => {
    const ping = new P(), pong = new P();
    const t0 = performance.now();
    const end = () => done(performance.now() - t0);
    if (kind === "async yield*") {
      pong.gen = (async function* () {
        for (;;) {
          const m = yield* new Recv(pong);
          if (m === 0) return;
          send(ping, m);
        }
      })();
      ping.gen = (async function* () {
        for (let i = n; i >= 0; i--) {
          send(pong, i);
          if (i === 0) break;
          yield* new Recv(ping);
        }
        end();
      })();
    } else if (kind === "async effect") {
      pong.gen = (async function* () {
        for (;;) {
          while (!pong.box.length) yield WAIT;
          const m = pong.box.shift();
          if (m === 0) return;
          send(ping, m);
        }
      })();
      ping.gen = (async function* () {
        for (let i = n; i >= 0; i--) {
          send(pong, i);
          if (i === 0) break;
          while (!ping.box.length) yield WAIT;
          ping.box.shift();
        }
        end();
      })();
    } else {
      pong.sync = ping.sync = true;
      const recv = kind === "sync yield*" ? receive : behindTwo;
      pong.gen = (function* () {
        for (;;) {
          const m = yield* recv(pong);
          if (m === 0) return;
          send(ping, m);
        }
      })();
      ping.gen = (function* () {
        for (let i = n; i >= 0; i--) {
          send(pong, i);
          if (i === 0) break;
          yield* recv(ping);
        }
        end();
      })();
    }
    enqueue(ping);
    enqueue(pong);
  });
}

if (import.meta.main) {
  const kinds: Kind[] = [
    "async yield*",
    "async effect",
    "sync yield*",
    "sync yield* x2",
  ];
  for (let round = 0; round < 3; round++) {
    const row: string[] = [];
    for (const k of kinds) {
      row.push(`${k} ${(await run(k, 1e6)).toFixed(0)} ms`);
    }
    console.log(row.join("   "));
  }
}
