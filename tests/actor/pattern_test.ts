import assert from "node:assert/strict";
import {
  type ExitReason,
  isCrash,
  type Ref,
  TIMEOUT,
  Tuple,
} from "../../lib/actor/mod.ts";
import { _, anyOf, match, when } from "../../lib/actor/pattern.ts";
import { exitOnMessage, idle, testRuntime } from "../_support.ts";

Deno.test("receive: {:DOWN, ^ref, :process, _, reason} is match({ type: 'DOWN', ref, reason: _ }), pinning the ref", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const a = self.spawn(exitOnMessage);
    const b = self.spawn(exitOnMessage);
    const refA = self.monitor(a);
    const refB = self.monitor(b);
    self.send(b, "first");
    self.send(a, "second");
    // b's DOWN arrives first, but only a's matches the pinned ref
    const down = yield* self.receive(
      match({ type: "DOWN", ref: refA, reason: _ }),
    );
    const reason: unknown = down.reason;
    const other = yield* self.receive(
      match({ type: "DOWN", ref: refB, pid: _, reason: _ }),
    );
    const ref: Ref = other.ref; // the pinned field keeps its type
    assert.equal(ref, refB);
    return [reason, other.reason, self.info(self.pid, "message_queue_len")];
  });
  assert.deepEqual(got, ["second", "first", 0]);
});

Deno.test("match: literals, _, pins, tuples, arrays and map patterns, as Elixir matches them", async () => {
  await using rt = testRuntime();
  const pid = rt.spawn(idle);
  const ref = rt.makeRef();
  const cases: [unknown, unknown, boolean][] = [
    ["kaboom", "kaboom", true],
    ["kaboom", "kaboom!", false],
    [1, 1, true],
    [1, "1", false],
    [null, undefined, false],
    [_, undefined, true],
    [pid, pid, true],
    [ref, rt.makeRef(), false],
    [new Tuple("ok", _), new Tuple("ok", 1), true],
    [new Tuple("ok", _), new Tuple("ok", 1, 2), false],
    [new Tuple("ok", _), ["ok", 1], false],
    [["a", _], ["a", { b: 1 }], true],
    [["a", _], ["a"], false],
    [{ type: "EXIT" }, { type: "EXIT", from: pid, reason: "normal" }, true],
    [{ type: "EXIT", from: pid }, { type: "EXIT", reason: "normal" }, false],
    [{ a: { b: 1 } }, { a: { b: 1, c: 2 } }, true],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
    [{ a: _ }, { a: undefined }, true],
    [{ a: _ }, {}, false],
    [{ a: 1 }, [1], false],
    [{ a: 1 }, "a", false],
  ];
  for (const [i, [pattern, value, expected]] of cases.entries()) {
    assert.equal(match(pattern as never)(value), expected, `case ${i}`);
  }
});

Deno.test("match: when(guard) narrows a field, as a clause's when does", () => {
  const crashed = match({ type: "EXIT", reason: when(isCrash) });
  const msg: unknown = { type: "EXIT", reason: { error: new Error("x") } };
  assert.equal(crashed(msg), true);
  assert.equal(crashed({ type: "EXIT", reason: "normal" }), false);
  if (crashed(msg)) {
    const reason: ExitReason = msg.reason; // typed by the guard
    assert.ok(typeof reason === "object");
  }
});

Deno.test("receive: anyOf joins clauses; the oldest matching message is taken, whatever the clause order", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.send(self.pid, { type: "ignored" });
    self.send(self.pid, new Tuple("pong", 2));
    self.send(self.pid, { type: "ping", n: 1 });
    const clauses = anyOf(
      match({ type: "ping", n: _ }),
      match(new Tuple("pong", _)),
    );
    const first = yield* self.receive(clauses);
    const second = yield* self.receive(clauses);
    const none = yield* self.receive(clauses, { after: 0 });
    return [first, second, none === TIMEOUT];
  });
  assert.deepEqual(got, [new Tuple("pong", 2), { type: "ping", n: 1 }, true]);
});
