/**
 * The supervisor as a GenServer (OTP's `supervisor` is a `gen_server`):
 * what it does through the GenServer loop, checked on Elixir 1.14.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ExitError,
  GenServer,
  type GenServerModule,
  inspectReason,
  type OnStart,
  type Pid,
  type Self,
  Supervisor,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

/** A worker that records its terminate. */
function worker(events: string[]): GenServerModule<string, string> {
  return {
    name: "W",
    init(name, self) {
      self.flag("trap_exit", true);
      return { type: "ok", state: name };
    },
    terminate(reason, state) {
      events.push(`terminate ${state} ${inspectReason(reason)}`);
    },
  };
}

function children(events: string[]) {
  return ["a", "b"].map((n) =>
    Supervisor.childSpec(worker(events), n, { id: n, name: n })
  );
}

function ok(result: OnStart): Pid {
  if (result === "ignore" || result.type !== "ok") {
    throw new Error(`not started: ${inspectReason(result)}`);
  }
  return result.pid;
}

/** The report's lines after the logger's header, up to `n` of them. */
function head(entry: string, n: number): string[] {
  return entry.split("\n").slice(1, n + 1).map((l) => l.replace(/^.*\] /, ""));
}

Deno.test("supervisor_parent_exit: an abnormal parent EXIT stops the children and is reported as the GenServer terminating, with the EXIT as its last message", async () => {
  await using rt = testRuntime();
  const events: string[] = [];
  let sup: Pid | undefined;
  const parent = rt.spawn(async function* (self) {
    sup = ok(
      yield* Supervisor.startLink(self, children(events), {
        strategy: "one_for_one",
      }),
    );
    yield* self.receive();
  });
  for (let i = 0; i < 100 && sup === undefined; i++) {
    await new Promise((r) => setTimeout(r, 1));
  }
  const down = rt.monitor(sup!);
  rt.exit(parent, "kaboom");
  assert.equal((await down).reason, "kaboom");
  assert.deepEqual(events, ["terminate b :shutdown", "terminate a :shutdown"]);
  assert.equal(rt.entries.length, 1);
  assert.deepEqual(head(rt.entries[0], 3), [
    `GenServer ${sup} terminating`,
    "** (stop) :kaboom",
    `Last message: {:EXIT, ${parent}, :kaboom}`,
  ]);
});

Deno.test("supervisor_stop: GenServer.stop with an abnormal reason stops the children, then reports it with Last message: []", async () => {
  await using rt = testRuntime();
  const events: string[] = [];
  const sup = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const sup = ok(
      yield* Supervisor.startLink(self, children(events), {
        strategy: "one_for_one",
        name: "MySup",
      }),
    );
    assert.equal(yield* GenServer.stop(self, sup, "boom"), "ok");
    return sup;
  });
  assert.equal(rt.alive(sup), false);
  assert.deepEqual(events, ["terminate b :shutdown", "terminate a :shutdown"]);
  assert.equal(rt.entries.length, 1);
  assert.deepEqual(head(rt.entries[0], 3), [
    "GenServer MySup terminating",
    "** (stop) :boom",
    "Last message: []",
  ]);
});

/** Calls `sup` with `request`, or casts it; @returns the caller's exit */
async function* unexpected(self: Self, sup: Pid, how: "call" | "cast") {
  const down = self.monitor(sup);
  if (how === "cast") GenServer.cast(self, sup, "hello");
  else {
    try {
      yield* GenServer.call(self, sup, "what");
    } catch (e) {
      if (!(e instanceof ExitError)) throw e;
    }
  }
  return yield* self.receive((m): m is { ref: unknown; reason: unknown } =>
    (m as { ref?: unknown }).ref === down
  );
}

for (const how of ["call", "cast"] as const) {
  Deno.test(`supervisor_unexpected_${how}: a ${how} the supervisor does not know crashes it with :function_clause, as OTP's handle_${how} has no other clause; the children are stopped`, async () => {
    await using rt = testRuntime();
    const events: string[] = [];
    const got = await rt.run(async function* (self) {
      self.flag("trap_exit", true);
      const sup = ok(
        yield* Supervisor.startLink(self, children(events), {
          strategy: "one_for_one",
          name: "MySup",
        }),
      );
      return yield* unexpected(self, sup, how);
    });
    assert.match(inspectReason(got.reason), /function_clause/);
    assert.deepEqual(events, [
      "terminate b :shutdown",
      "terminate a :shutdown",
    ]);
    assert.equal(rt.entries.length, 1);
    const [title, exception, last] = head(rt.entries[0], 3);
    assert.equal(title, "GenServer MySup terminating");
    assert.match(exception, /^\*\* \(FunctionClauseError\) no function clause/);
    assert.match(last, how === "call" ? /: :what$/ : /: \{:"\$gen_cast", /);
  });
}
