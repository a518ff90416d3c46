import assert from "node:assert/strict";
import { ManualClock, type Self } from "../../lib/actor/mod.ts";
import { ConnectionTable, type Entry, type Phase } from "../../lib/http/mod.ts";
import { idle, testRuntime } from "../_support.ts";

/** A runtime on a manual clock and a process whose `self` times entries. */
function timing() {
  const clock = new ManualClock();
  const rt = testRuntime(clock);
  let self: Self | undefined;
  rt.spawn((s) => {
    self = s;
    return idle(s);
  });
  return { rt, clock, self: () => self! };
}

Deno.test("connection table: the size counts the open connections, closed in any order; a second close counts nothing", async () => {
  const { rt, self } = timing();
  await using _ = rt;
  await rt.scheduler.settled();
  const table = new ConnectionTable();
  const entries = Array.from({ length: 5 }, () => table.add(self(), () => {}));
  assert.equal(table.size, 5);
  table.delete(entries[2]); // the middle
  table.delete(entries[0]); // the oldest
  table.delete(entries[4]); // the newest
  table.delete(entries[2]); // again
  assert.equal(table.size, 2);
  const emptied = table.drain();
  table.delete(entries[3]);
  table.delete(entries[1]);
  assert.equal(table.size, 0);
  await emptied; // resolved by the last close, once
  table.delete(entries[1]);
  assert.equal(table.size, 0);
});

Deno.test("connection table: a closed connection's entry holds no other entry, and the open ones are still all drained", async () => {
  const { rt, clock, self } = timing();
  await using _ = rt;
  await rt.scheduler.settled();
  const table = new ConnectionTable();
  const expired: [number, Phase][] = [];
  const entries: Entry[] = [];
  for (let i = 0; i < 6; i++) {
    entries.push(table.add(self(), (phase) => expired.push([i, phase])));
    entries[i].reading();
  }
  for (const i of [0, 3, 5]) {
    table.delete(entries[i]);
    // Nothing dead keeps a live connection's state from the collector, nor
    // the other way round (the set this replaced kept both, see the doc).
    assert.equal(entries[i].older, undefined);
    assert.equal(entries[i].newer, undefined);
  }
  const closed = new Set([0, 3, 5].map((i) => entries[i]));
  for (const i of [1, 2, 4]) {
    assert.ok(!closed.has(entries[i].older!) && !closed.has(entries[i].newer!));
  }
  entries[2].busy(); // a busy one finishes its request first
  const emptied = table.drain();
  clock.advance(0);
  await rt.scheduler.settled();
  assert.deepEqual(expired.sort(), [[1, "reading"], [4, "reading"]]);
  for (const i of [1, 2, 4]) table.delete(entries[i]);
  await emptied;
});

Deno.test("connection table: 100,000 connections through it, 50 open at a time, leave it empty", async () => {
  const { rt, self } = timing();
  await using _ = rt;
  await rt.scheduler.settled();
  const table = new ConnectionTable();
  const open: Entry[] = [];
  for (let i = 0; i < 100_000; i++) {
    open.push(table.add(self(), () => {}));
    if (open.length > 50) {
      // Not always the oldest: the one in the middle, as connections end.
      table.delete(open.splice(i % 2 === 0 ? 0 : 25, 1)[0]);
    }
  }
  assert.equal(table.size, 50);
  for (const entry of open) table.delete(entry);
  assert.equal(table.size, 0);
  await table.drain();
});
