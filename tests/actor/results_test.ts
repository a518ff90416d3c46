import assert from "node:assert/strict";
import type { GenServerModule, OnStart } from "../../lib/actor/mod.ts";
import { GenServer } from "../../lib/actor/mod.ts";
import { _, match } from "../../lib/actor/pattern.ts";
import { noreply, ok, reply, stop } from "../../lib/actor/results.ts";
import { testRuntime } from "../_support.ts";

/** A stack, written with the constructors, as the Elixir docs' Stack. */
const Stack: GenServerModule<string[], string[]> = {
  name: "Stack",
  init: (elements) => ok(elements),
  handleCall(request, _from, state) {
    if (request === "pop") {
      const [head, ...tail] = state;
      return reply(head, tail);
    }
    if (request === "stop") return stop("normal", state, { reply: "bye" });
    return reply(state.length, state, { timeout: 0 });
  },
  handleCast: (msg, state) => noreply([String(msg), ...state]),
  handleInfo: (msg, state) =>
    msg === "timeout" ? noreply(["timed out", ...state]) : noreply(state),
};

Deno.test("GenServer results: ok, reply, noreply and stop build {:ok, s}, {:reply, r, s}, {:noreply, s} and {:stop, reason, r, s}, trailers too", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const started: OnStart = yield* GenServer.start(self, Stack, ["hello"]);
    if (started === "ignore" || started.type !== "ok") throw started;
    const stack = started.pid;
    GenServer.cast(self, stack, "world");
    const popped = yield* GenServer.call(self, stack, "pop");
    const size = yield* GenServer.call(self, stack, "size"); // timeout: 0 after
    const afterTimeout = yield* GenServer.call(self, stack, "pop");
    const down = self.monitor(stack);
    const bye = yield* GenServer.call(self, stack, "stop");
    const exit = yield* self.receive(
      match({ type: "DOWN", ref: down, reason: _ }),
    );
    return { popped, size, afterTimeout, bye, reason: exit.reason };
  });
  assert.deepEqual(got, {
    popped: "world",
    size: 1,
    afterTimeout: "timed out",
    bye: "bye",
    reason: "normal",
  });
  assert.deepEqual(ok(1, { continue: "more" }), {
    type: "ok",
    state: 1,
    continue: "more",
  });
  assert.deepEqual(stop("shutdown", 2), {
    type: "stop",
    reason: "shutdown",
    state: 2,
  });
});
