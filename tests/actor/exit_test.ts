import assert from "node:assert/strict";
import {
  ErlangError,
  ExitError,
  inspect,
  inspectReason,
  isCrash,
  isExit,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

Deno.test("05 exit_normal: a returning body and exit(:normal) end with :normal; code after exit never runs", async () => {
  await using rt = testRuntime();
  let after = false;
  const returns = rt.spawn(async function* () {});
  const exits = rt.spawn(async function* (self) {
    self.exit("normal");
    after = true;
  });
  const downs = [rt.monitor(returns), rt.monitor(exits)];
  assert.deepEqual((await Promise.all(downs)).map((d) => d.reason), [
    "normal",
    "normal",
  ]);
  assert.equal(after, false);
  const trapped = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    self.spawnLink(async function* () {});
    return yield* self.receive(isExit);
  });
  assert.equal(trapped.reason, "normal");
  assert.deepEqual(rt.entries, []);
});

Deno.test("06 exit_raise: an uncaught raise ends the process with {exception, stack}, logged as Elixir logs it", async () => {
  await using rt = testRuntime();
  const pid = rt.spawn(async function* () {
    throw new Error("boom");
  });
  const down = await rt.monitor(pid);
  assert.ok(isCrash(down.reason));
  assert.equal((down.reason.error as Error).message, "boom");
  assert.match(
    inspectReason(down.reason),
    /^\{%RuntimeError\{message: "boom"\}, \[/,
  );
  assert.equal(rt.entries.length, 1);
  assert.match(
    rt.entries[0],
    new RegExp(
      `^\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[error\\] Process ${
        escape(String(pid))
      } raised an exception\\n\\*\\* \\(RuntimeError\\) boom\\n`,
    ),
  );
});

Deno.test("06 exit_raise: errors raised by the runtime keep the raw term", async () => {
  await using rt = testRuntime();
  const pid = rt.spawn(async function* () {
    throw new ErlangError("my_reason");
  });
  const down = await rt.monitor(pid);
  assert.equal(inspectReason(down.reason).startsWith("{:my_reason, ["), true);
  assert.match(rt.entries[0], /\*\* \(ErlangError\) Erlang error: :my_reason/);
});

Deno.test("07 exit_throw_exit: throw(v) gives {{:nocatch, v}, stack}, logged; exit(reason) is exactly reason, unlogged", async () => {
  await using rt = testRuntime();
  const thrower = rt.spawn(async function* () {
    throw "foo";
  });
  const down = await rt.monitor(thrower);
  assert.equal(inspectReason(down.reason), "{{:nocatch, :foo}, []}");
  assert.match(
    rt.entries[0],
    /\*\* \(ErlangError\) Erlang error: \{:nocatch, :foo\}/,
  );
  for (
    const reason of ["kaboom", "shutdown", { shutdown: "x" }, {
      type: "any",
      tuple: 1,
    }]
  ) {
    const pid = rt.spawn(async function* (self) {
      self.exit(reason);
    });
    assert.deepEqual((await rt.monitor(pid)).reason, reason);
  }
  assert.equal(rt.entries.length, 1);
});

Deno.test("07 exit_throw_exit: inside the process, catch tells exit, throw and raise apart", async () => {
  await using rt = testRuntime();
  const kinds = await rt.run(async function* (self) {
    const out: string[] = [];
    for (
      const act of [() => self.exit("bye"), () => {
        throw "t";
      }, () => {
        throw new Error("e");
      }]
    ) {
      try {
        act();
      } catch (e) {
        out.push(
          e instanceof ExitError
            ? `exit ${inspectReason(e.reason)}`
            : e instanceof Error
            ? `error ${e.message}`
            : `throw ${inspect(e)}`,
        );
      }
    }
    return out;
  });
  assert.deepEqual(kinds, ["exit :bye", 'throw "t"', "error e"]);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\<>]/g, "\\$&");
}
