/**
 * `function*` bodies: stepped synchronously by the scheduler, they follow
 * every rule an `async function*` body does (receive, after, links, trap
 * exits, kill, crash reports), and wait for host promises with
 * `yield* self.await(promise)`.
 */
import assert from "node:assert/strict";
import {
  isDown,
  isExit,
  ManualClock,
  processInfo,
  TIMEOUT,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

Deno.test("receive in a function* body: the oldest matching message first, others stay (selective receive)", async () => {
  await using rt = testRuntime();
  const got = await rt.run(function* (self) {
    self.send(self.pid, "a");
    self.send(self.pid, 1);
    self.send(self.pid, "b");
    const n = yield* self.receive((m): m is number => typeof m === "number");
    const first = yield* self.receive();
    const second = yield* self.receive();
    return [n, first, second];
  });
  assert.deepEqual(got, [1, "a", "b"]);
});

Deno.test("receive ... after in a function* body: TIMEOUT on the clock, and a message that came first wins", async () => {
  const clock = new ManualClock();
  await using rt = testRuntime(clock);
  const got: unknown[] = [];
  const pid = rt.spawn(function* (self) {
    got.push(yield* self.receive(undefined, { after: 50 }));
    got.push(yield* self.receive(undefined, { after: 50 }));
  });
  const down = rt.monitor(pid);
  await settle();
  clock.advance(50);
  await settle();
  rt.send(pid, "late");
  await down;
  assert.deepEqual(got, [TIMEOUT, "late"]);
});

Deno.test("a linked function* process that crashes is logged as Elixir logs it, and its EXIT reaches a trapping parent", async () => {
  await using rt = testRuntime();
  const exit = await rt.run(function* (self) {
    self.flag("trap_exit", true);
    const child = self.spawnLink(function* () {
      throw new Error("boom");
    });
    const exit = yield* self.receive(isExit);
    return { same: exit.from === child, reason: exit.reason };
  });
  assert.equal(exit.same, true);
  assert.match(
    rt.entries.join("\n"),
    /raised an exception\n\*\* \(RuntimeError\) boom/,
  );
});

Deno.test("exit(pid, :kill) stops a function* process waiting in a receive at once; its monitor gets :killed", async () => {
  await using rt = testRuntime();
  const reason = await rt.run(function* (self) {
    const { pid, ref } = self.spawnMonitor(function* (s) {
      yield* s.receive();
    });
    yield; // it reaches its receive
    self.exit(pid, "kill");
    const down = yield* self.receive(isDown);
    return down.ref === ref && down.reason;
  });
  assert.equal(reason, "killed");
});

Deno.test("self.await in a function* body: the value, the rejection thrown at the yield*, messages kept meanwhile", async () => {
  await using rt = testRuntime();
  let resolveLater!: (v: number) => void;
  const later = new Promise<number>((r) => resolveLater = r);
  const got = rt.run(function* (self) {
    self.send(self.pid, "meanwhile");
    const value = yield* self.await(later);
    let error: unknown;
    try {
      yield* self.await(Promise.reject(new Error("refused")));
    } catch (e) {
      error = e;
    }
    const kept = yield* self.receive(undefined, { after: 0 });
    return { value, error: (error as Error).message, kept };
  });
  // the promise settles from outside, while the process waits
  setTimeout(() => resolveLater(7), 1);
  assert.deepEqual(await got, {
    value: 7,
    error: "refused",
    kept: "meanwhile",
  });
});

Deno.test("self.await: a process killed while it waits is gone, and the promise settling later runs nothing of it", async () => {
  await using rt = testRuntime();
  let resolve!: (v: string) => void;
  const later = new Promise<string>((r) => resolve = r);
  let after = false;
  const pid = rt.spawn(function* (self) {
    yield* self.await(later);
    after = true;
  });
  await settle();
  assert.equal(processInfo(pid, "status")?.status, "waiting");
  rt.exit(pid, "kill");
  resolve("too late");
  await later;
  await settle();
  assert.equal(after, false);
  assert.equal(rt.alive(pid), false);
});

Deno.test("a function returning a sync generator is a body too, and a bare yield lets the others run (:erlang.yield/0)", async () => {
  await using rt = testRuntime();
  const order: string[] = [];
  await rt.run(function* (self) {
    self.spawn(() =>
      (function* () {
        order.push("other");
      })()
    );
    yield;
    order.push("self");
  });
  assert.deepEqual(order, ["other", "self"]);
});

/** Lets every queued step and timer callback run. */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
