import assert from "node:assert/strict";
import { fairRead } from "../../lib/net/deno_tcp.ts";

/** A connection whose reads complete at once, counting how many started. */
function instant() {
  const conn = {
    started: 0,
    read(_buffer: Uint8Array): Promise<number | null> {
      conn.started++;
      return Promise.resolve(1);
    },
  };
  return conn;
}

const microtasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
const macrotask = () => new Promise((r) => setTimeout(r, 0));

Deno.test("fairRead: after a turn that resumed 128 reads, the next reads wait one macrotask, behind the reads Deno put off", async () => {
  const buffer = new Uint8Array(1);
  const busy = instant();
  await Promise.all(Array.from({ length: 128 }, () => fairRead(busy, buffer)));
  await macrotask(); // a new turn: the last one was saturated
  const next = instant();
  const reading = fairRead(next, buffer);
  await microtasks();
  assert.equal(next.started, 0); // held for a macrotask
  await macrotask();
  assert.equal(next.started, 1);
  assert.equal(await reading, 1);
  await macrotask(); // that turn resumed one read: the hold is over
  const after = instant();
  void fairRead(after, buffer);
  assert.equal(after.started, 1);
});

Deno.test("fairRead: below 128 reads a turn, reads start at once (no hold at -c50)", async () => {
  const buffer = new Uint8Array(1);
  const few = instant();
  await Promise.all(Array.from({ length: 127 }, () => fairRead(few, buffer)));
  await macrotask();
  const next = instant();
  const reading = fairRead(next, buffer);
  assert.equal(next.started, 1);
  await reading;
});
