import assert from "node:assert/strict";
import { Mailbox, NONE } from "../../lib/actor/mailbox.ts";

const odd = (m: unknown) => (m as number) % 2 === 1;

Deno.test("Mailbox: selective take keeps the skipped messages in arrival order (receive's rule 1)", () => {
  const box = new Mailbox();
  for (const m of [2, 4, 5, 6, 7]) box.push(m);
  assert.equal(box.take(odd), 5);
  assert.deepEqual(box.toArray(), [2, 4, 6, 7]);
  assert.equal(box.take(() => true), 2); // the oldest
  assert.equal(box.take(odd), 7);
  assert.deepEqual(box.toArray(), [4, 6]);
  assert.equal(box.take(odd), NONE);
  assert.equal(box.length, 2);
});

Deno.test("Mailbox: emptied by takes, a removal or a clear, it reads as empty and queues again in order", () => {
  const box = new Mailbox();
  assert.equal(box.length, 0);
  assert.deepEqual(box.toArray(), []);
  assert.equal(box.take(() => true), NONE);
  box.remove(() => true); // nothing to remove: no error
  box.push(1);
  box.push(2);
  assert.equal(box.take(() => true), 1);
  assert.equal(box.take(() => true), 2);
  assert.equal(box.length, 0);
  box.push(3);
  box.push(4);
  box.remove(() => true); // `demonitor(ref, [:flush])` that drops all
  assert.equal(box.length, 0);
  assert.deepEqual(box.toArray(), []);
  box.push(5);
  box.clear(); // the process exited
  assert.equal(box.length, 0);
  box.push(6);
  box.push(7);
  assert.deepEqual(box.toArray(), [6, 7]);
  assert.equal(box.take(() => true), 6);
});

Deno.test("Mailbox: 100,000 messages taken oldest first stay in order and leave it empty (the head is compacted)", () => {
  const box = new Mailbox();
  for (let i = 0; i < 100_000; i++) box.push(i);
  for (let i = 0; i < 100_000; i++) {
    assert.equal(box.take(() => true), i);
    if (i === 50_000) assert.equal(box.length, 49_999);
  }
  assert.equal(box.length, 0);
  assert.equal(box.take(() => true), NONE);
});
