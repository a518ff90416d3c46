/**
 * The host's timers and turns, without Deno's Node layer.
 *
 * On Deno 2.9 the globals `setTimeout`, `clearTimeout` and `setImmediate`
 * are Node's: the first use of any of them loads Deno's Node-compat layer,
 * 5–6 ms of every start-up and 3–5 MiB of RSS (`deno run` of a script that
 * calls `setTimeout` once, against an empty one). On Deno servy takes its
 * time from two web APIs instead:
 *
 * - a timer is an `AbortSignal.timeout(ms)` with an `abort` listener.
 *   Deno keeps the process alive for such a signal while it has a
 *   listener, and no longer once the listener is removed: that is the
 *   cancel. A cancelled signal still fires at its time, unheard.
 * - a turn is a message through a `MessageChannel`: it arrives once the
 *   event loop has polled its I/O. The channel is open only while a turn is
 *   pending, since an open one keeps Deno's process alive.
 *
 * On Node (and any host without `Deno`) they are `setTimeout`,
 * `clearTimeout` and `setImmediate`, which are native there; a host with
 * no `setImmediate` takes its turns through a `MessageChannel`.
 *
 * Both kinds keep the process alive until they run or are cancelled, as
 * `setTimeout` does; a callback that throws is thrown again from a
 * microtask, where the host's uncaught-error handler sees it.
 *
 * @module
 */

/** Stops a timer of {@linkcode startTimer}; a fired timer is left as it is. */
export type CancelTimer = () => void;

/**
 * Calls `fire` once, after `ms` milliseconds, unless cancelled.
 *
 * @example A timer, and one cancelled
 * ```ts
 * import assert from "node:assert/strict";
 * import { startTimer } from "./host_timers.ts";
 * const fired: string[] = [];
 * const cancel = startTimer(0, () => fired.push("cancelled"));
 * cancel();
 * startTimer(1, () => fired.push("kept"));
 * await new Promise<void>((done) => startTimer(20, () => done()));
 * assert.deepEqual(fired, ["kept"]);
 * ```
 * @param ms the delay, at least 0 (fractions are dropped); past 2^31 - 1 ms
 * (24.8 days), it fires then
 * @param fire what to run
 * @returns what cancels it
 */
export function startTimer(ms: number, fire: () => void): CancelTimer {
  return host.startTimer(
    Math.min(Math.max(0, Math.trunc(ms)) || 0, MAX_DELAY),
    fire,
  );
}

/**
 * The longest delay a host timer is armed for, 2^31 - 1 ms (24.8 days):
 * Node fires a longer one at once, and `AbortSignal.timeout` throws past
 * 2^53 - 1. A longer wait fires early, which the runtime's timers
 * (lib/actor/timers.ts) take as it is: they arm again for what is not due.
 */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Calls `fire` once the host's event loop has had a turn: its timers and
 * its I/O first. Turns asked for in a turn run in the next one.
 *
 * @param fire what to run
 */
export function afterTurn(fire: () => void): void {
  host.afterTurn(fire);
}

interface Host {
  startTimer(ms: number, fire: () => void): CancelTimer;
  afterTurn(fire: () => void): void;
}

/**
 * Throws `error` again from a microtask, where the host's uncaught-error
 * handler sees it, and the caller goes on.
 *
 * @param error what a callback threw
 */
export function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/**
 * Runs a callback of the host's: what it throws is thrown again later
 * ({@linkcode rethrowLater}), so the callbacks after it still run.
 *
 * @param fire the callback
 */
export function runReporting(fire: () => void): void {
  try {
    fire();
  } catch (error) {
    rethrowLater(error);
  }
}

const webHost: Host = {
  startTimer(ms, fire) {
    const signal = AbortSignal.timeout(ms);
    const listener = () => runReporting(fire);
    signal.addEventListener("abort", listener, { once: true });
    return () => signal.removeEventListener("abort", listener);
  },
  afterTurn(fire) {
    turns.push(fire);
    if (turns.length > 1) return; // the turn's message is on its way
    channel ??= openChannel();
    channel.port1.postMessage(null);
  },
};

let turns: (() => void)[] = [];
let channel: MessageChannel | undefined;

function openChannel(): MessageChannel {
  const c = new MessageChannel();
  c.port2.onmessage = runTurn;
  return c;
}

function runTurn(): void {
  const due = turns;
  turns = [];
  for (const fire of due) runReporting(fire);
  if (turns.length === 0 && channel !== undefined) {
    // Nothing more asked for: closed, so it does not hold the process.
    channel.port1.close();
    channel.port2.close();
    channel = undefined;
  }
}

/** Node's timers; made only off Deno, where asking for them loads the layer. */
function nodeHost(): Host {
  return {
    startTimer(ms, fire) {
      const handle = setTimeout(fire, ms);
      return () => clearTimeout(handle);
    },
    // A host without `setImmediate` (a browser) takes its turns as Deno does.
    afterTurn: typeof globalThis.setImmediate === "function"
      ? (fire) => void setImmediate(fire)
      : webHost.afterTurn,
  };
}

const host: Host = "Deno" in globalThis ? webHost : nodeHost();
