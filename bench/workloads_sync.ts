/**
 * The runtime bench's workloads with `function*` bodies, the same as
 * servy_bench.erl's, on any {@linkcode Engine}: spawn and exit with a
 * monitor each, idle processes waiting in a selective receive, a ring
 * passing a token, ping-pong round trips, GenServer calls.
 * workloads_async.ts has the same with `async function*` bodies.
 *
 * @module
 */

import type { Actor, Engine } from "./engine.ts";

// The spawned bodies are written once, here: servy_bench.erl's funs with
// no free variables are literals, and a new generator function per spawn
// would cost V8 a hidden class each (lib/actor/body.ts), on every engine.

/** Exits at once. */
function* nothing() {}

/** Waits for `"stop"`. */
function* untilStop<A extends Actor<A>>(self: A) {
  yield* self.receive((m) => m === "stop");
}

/** A ring's member: passes each count on to `to`, decremented; exits after 0. */
function* relay<A extends Actor<A>>(s: A, to: unknown) {
  for (;;) {
    const k = (yield* s.receive()) as number;
    s.send(to, k === 0 ? 0 : k - 1);
    if (k === 0) return;
  }
}

/** Answers each pid it gets with `"pong"`, until `"stop"`. */
function* ponger<A extends Actor<A>>(s: A) {
  for (;;) {
    const from = yield* s.receive();
    if (from === "stop") return;
    s.send(from, "pong");
  }
}

/**
 * Spawns `n` processes, monitors each, and takes their `n` DOWN messages.
 * @returns how many said `:normal`
 */
export function spawnExit<A extends Actor<A>>(
  eng: Engine<A>,
  n: number,
): Promise<unknown> {
  return eng.run(function* (self) {
    for (let i = 0; i < n; i++) self.monitor(self.spawn(nothing));
    let normal = 0;
    for (let i = 0; i < n; i++) {
      const down = (yield* self.receive()) as { reason: unknown };
      if (down.reason === "normal") normal++;
    }
    return normal;
  });
}

/** Spawns `n` processes that wait for `"stop"`. @returns their pids */
export function spawnIdle<A extends Actor<A>>(
  eng: Engine<A>,
  n: number,
): unknown[] {
  const pids: unknown[] = [];
  for (let i = 0; i < n; i++) {
    pids.push(eng.spawn(untilStop));
  }
  return pids;
}

/**
 * A ring of `size` processes (the caller among them) passing a counter
 * `laps * size` times; each passes it on decremented, and exits after
 * passing on 0. @returns the laps the caller saw the counter make
 */
export function ring<A extends Actor<A>>(
  eng: Engine<A>,
  size: number,
  laps: number,
): Promise<unknown> {
  return eng.run(function* (self) {
    let next = self.pid, seen = 0;
    for (let i = 1; i < size; i++) {
      const to = next;
      next = self.spawn((s) => relay(s, to));
    }
    self.send(next, laps * size);
    for (;;) {
      const k = (yield* self.receive()) as number;
      if (k === 0) return seen;
      self.send(next, k - 1);
      seen++;
    }
  });
}

/** `n` round trips to a process that answers `"pong"`. @returns the pongs */
export function pingPong<A extends Actor<A>>(
  eng: Engine<A>,
  n: number,
): Promise<unknown> {
  return eng.run(function* (self) {
    const pong = self.spawn(ponger);
    let pongs = 0;
    for (let i = 0; i < n; i++) {
      self.send(pong, self.pid);
      if ((yield* self.receive()) === "pong") pongs++;
    }
    self.send(pong, "stop");
    return pongs;
  });
}

/** `n` calls to a counter server. @returns the sum of the replies (0) and `n` */
export function calls<A extends Actor<A>>(
  eng: Engine<A>,
  n: number,
): Promise<unknown> {
  return eng.run(function* (self) {
    const server = yield* eng.startCounter(self);
    let sum = 0, i = 0;
    for (; i < n; i++) sum += (yield* eng.call(self, server, "get")) as number;
    return [sum, i];
  });
}
