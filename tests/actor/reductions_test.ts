import assert from "node:assert/strict";
import { TIMEOUT } from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

// The BEAM preempts a process after its reductions are spent, even one that
// never blocks because its messages are always there. servy counts the
// receives a process takes without suspending: after 500 it gives the
// others a turn.

function ticking(rt: ReturnType<typeof testRuntime>) {
  const seen = { ticks: 0 };
  const pid = rt.spawn(function* () {
    for (;;) {
      seen.ticks++;
      yield;
    }
  });
  return { seen, pid };
}

Deno.test("reductions: 2,000 receives of waiting messages give another process turns, and take the messages in order", async () => {
  await using rt = testRuntime();
  const { seen, pid } = ticking(rt);
  const result = await rt.run(function* (self) {
    for (let i = 0; i < 2000; i++) self.send(self.pid, i);
    const before = seen.ticks;
    const got: unknown[] = [];
    for (let i = 0; i < 2000; i++) got.push(yield* self.receive());
    return { got, turns: seen.ticks - before };
  });
  rt.exit(pid, "kill");
  assert.deepEqual(result.got, Array.from({ length: 2000 }, (_, i) => i));
  assert.ok(result.turns >= 3, `the ticker ran ${result.turns} times`);
});

Deno.test("reductions: a loop of `receive after 0` on an empty mailbox gives another process turns too", async () => {
  await using rt = testRuntime();
  const { seen, pid } = ticking(rt);
  const turns = await rt.run(function* (self) {
    const before = seen.ticks;
    for (let i = 0; i < 2000; i++) {
      const r = yield* self.receive(undefined, { after: 0 });
      assert.equal(r, TIMEOUT);
    }
    return seen.ticks - before;
  });
  rt.exit(pid, "kill");
  assert.ok(turns >= 3, `the ticker ran ${turns} times`);
});

Deno.test("reductions: a process killed while it gives its turn, a message in hand, takes no further message", async () => {
  await using rt = testRuntime();
  const taken: unknown[] = [];
  const receiver = rt.spawn(function* (self) {
    for (let i = 0; i < 1000; i++) self.send(self.pid, i);
    for (;;) taken.push(yield* self.receive());
  });
  const down = rt.monitor(receiver);
  rt.spawn(function* (self) {
    // queued behind the receiver: runs once it has used its slice
    self.exit(receiver, "kill");
  });
  assert.equal((await down).reason, "killed");
  assert.equal(taken.length, 499); // the 500th receive gave its turn
  assert.deepEqual(taken.slice(-2), [497, 498]);
});
