import assert from "node:assert/strict";
import { withUncaught } from "../_uncaught.ts";
import { Beat, housekeeping } from "../../lib/sys/beat.ts";

/** Host timers the test fires by hand, counted. */
function manualTimers() {
  const armed: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  return {
    armed,
    start(ms: number, fire: () => void) {
      const timer = { ms, fire, cancelled: false };
      armed.push(timer);
      return () => void (timer.cancelled = true);
    },
    /** The live timers. */
    get live() {
      return armed.filter((t) => !t.cancelled);
    },
    /** Fires the oldest live timer. */
    fire() {
      const timer = armed.find((t) => !t.cancelled)!;
      armed.splice(armed.indexOf(timer), 1);
      timer.fire();
    },
  };
}

Deno.test("Beat: the callbacks given before a tick run at it, in the order given, on one host timer of `ms`", () => {
  const timers = manualTimers();
  const beat = new Beat(5, timers.start);
  const ran: string[] = [];
  for (const name of ["log", "sweep", "log again"]) {
    beat.next(() => ran.push(name));
  }
  assert.equal(timers.armed.length, 1);
  assert.equal(timers.armed[0].ms, 5);
  assert.equal(beat.waiting, 3);
  assert.deepEqual(ran, []);
  timers.fire();
  assert.deepEqual(ran, ["log", "sweep", "log again"]);
  assert.equal(beat.waiting, 0);
  assert.equal(timers.armed.length, 0, "nothing waits: no timer");
});

Deno.test("Beat: a callback given while a tick runs waits for the next tick, on a timer of its own", () => {
  const timers = manualTimers();
  const beat = new Beat(5, timers.start);
  const ran: string[] = [];
  beat.next(() => {
    ran.push("sweep");
    beat.next(() => ran.push("next sweep"));
  });
  timers.fire();
  assert.deepEqual(ran, ["sweep"]);
  assert.equal(timers.live.length, 1);
  timers.fire();
  assert.deepEqual(ran, ["sweep", "next sweep"]);
});

Deno.test("Beat: a cancelled callback never runs; cancelling the last one waiting cancels the host timer", () => {
  const timers = manualTimers();
  const beat = new Beat(5, timers.start);
  const ran: string[] = [];
  const a = beat.next(() => ran.push("a"));
  const b = beat.next(() => ran.push("b"));
  a();
  a(); // twice: nothing more
  assert.equal(beat.waiting, 1);
  assert.equal(timers.live.length, 1, "b still waits");
  b();
  assert.equal(timers.live.length, 0, "no one waits: the timer is cancelled");
  beat.next(() => ran.push("c"));
  assert.equal(timers.live.length, 1, "armed again");
  timers.fire();
  assert.deepEqual(ran, ["c"]);
});

Deno.test("Beat: cancelling a callback that ran, or one given again at the next tick, leaves the others alone", () => {
  const timers = manualTimers();
  const beat = new Beat(5, timers.start);
  const ran: string[] = [];
  const tick = () => ran.push("tick");
  const first = beat.next(tick);
  timers.fire();
  beat.next(tick); // the same function, waiting again
  first(); // the first one ran: nothing to take off
  assert.equal(beat.waiting, 1);
  timers.fire();
  assert.deepEqual(ran, ["tick", "tick"]);
});

Deno.test("Beat: a callback that throws is the host's uncaught error, from a microtask; the ones after it still run", async () => {
  const timers = manualTimers();
  const beat = new Beat(5, timers.start);
  await withUncaught(async (uncaught) => {
    const ran: string[] = [];
    beat.next(() => {
      throw new Error("kaboom");
    });
    beat.next(() => ran.push("after"));
    timers.fire();
    assert.deepEqual(ran, ["after"]);
    await new Promise<void>((done) => queueMicrotask(done));
    await new Promise<void>((done) => queueMicrotask(done));
    assert.deepEqual(uncaught, ["kaboom"]);
  });
});

Deno.test("housekeeping: on the host's timers, 5 ms, and no timer left once its callbacks ran or were cancelled", async () => {
  assert.equal(housekeeping.ms, 5);
  const start = performance.now();
  await new Promise<void>((done) => housekeeping.next(done));
  assert.ok(performance.now() - start >= 4, "not before its time");
  housekeeping.next(() => assert.fail("cancelled"))();
  // The test sanitizer fails the test if a host timer is left armed.
});
