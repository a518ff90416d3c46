/**
 * `Process.info/2` as Elixir returns it (`processInfo`): a pair for one
 * item, a keyword list for a list of items, `nil` for a dead pid; and
 * `Process.register/2`'s errors with Elixir 1.14's texts. Expected texts
 * were printed by Elixir 1.14.0 / OTP 25.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ArgumentError,
  formatException,
  FunctionClauseError,
  inspect,
} from "../../lib/actor/mod.ts";
import { processInfo } from "../../lib/actor/info.ts";
import { idle, testRuntime } from "../_support.ts";

Deno.test("Process.info/2: one item is the pair {:links, [...]}, printed as iex prints it", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const peer = self.spawnLink(idle);
    const links = processInfo(self.pid, "links");
    const name = processInfo(self.pid, "registered_name");
    self.register(self.pid, "me");
    return {
      peer,
      links,
      name,
      named: processInfo(self.pid, "registered_name"),
      status: processInfo(self.pid, "status"),
    };
  });
  assert.deepEqual(got.links, { type: "links", links: [got.peer] });
  assert.equal(got.links?.links[0], got.peer); // typed: (Pid | Port)[]
  assert.equal(inspect(got.links), `{:links, [${got.peer}]}`);
  // IO.inspect Process.info(self(), :registered_name): {:registered_name, []}, then :me
  assert.equal(inspect(got.name), "{:registered_name, []}");
  assert.equal(inspect(got.named), "{:registered_name, :me}");
  assert.equal(inspect(got.status), "{:status, :running}");
});

Deno.test("Process.info/2: a list of items gives the keyword list, in the order asked", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const watched = self.spawn(idle);
    self.monitor(watched);
    self.send(self.pid, "hi");
    self.send(self.pid, "there");
    self.flag("trap_exit", true);
    const [trap, queue] = processInfo(self.pid, [
      "trap_exit",
      "message_queue_len",
    ])!;
    return {
      watched,
      trap: trap.trap_exit, // typed: boolean
      queue: queue.message_queue_len, // typed: number
      list: inspect(processInfo(self.pid, ["trap_exit", "message_queue_len"])),
      monitors: inspect(processInfo(self.pid, ["monitors", "links"])),
      plain: inspect(self.info(self.pid, "monitors")),
      none: processInfo(self.pid, []),
    };
  });
  assert.equal(got.trap, true);
  assert.equal(got.queue, 2);
  assert.equal(got.list, "[trap_exit: true, message_queue_len: 2]");
  // IO.inspect Process.info(self(), [:monitors, :links])
  assert.equal(
    got.monitors,
    `[monitors: [process: ${got.watched}], links: []]`,
  );
  assert.equal(got.plain, `[process: ${got.watched}]`);
  assert.deepEqual(got.none, []);
});

Deno.test("Process.info/2: a dead pid gives nil, for an item or a list", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    return [processInfo(dead, "links"), processInfo(dead, ["links"])];
  });
  assert.deepEqual(got, [undefined, undefined]);
});

Deno.test("Process.register: a taken name, a named pid or a dead pid raises ArgumentError with OTP's text", async () => {
  await using rt = testRuntime();
  const texts = await rt.run(async function* (self) {
    const a = self.spawn(idle);
    const b = self.spawn(idle);
    const dead = self.spawn(async function* () {});
    yield* self.sleep(1);
    self.register(a, "taken");
    const out: string[] = [];
    for (
      const [pid, name] of [[b, "taken"], [a, "other"], [dead, "dead"]] as const
    ) {
      try {
        self.register(pid, name);
      } catch (e) {
        assert.ok(e instanceof ArgumentError);
        out.push(
          formatException(e).split("\n")[0].replace(/#PID<[\d.]+>/, "PID"),
        );
      }
    }
    return out;
  });
  const because =
    "because it is not alive, the name is already taken, or it has already been given another name";
  assert.deepEqual(texts, [
    `** (ArgumentError) could not register PID with name :taken ${because}`,
    `** (ArgumentError) could not register PID with name :other ${because}`,
    `** (ArgumentError) could not register PID with name :dead ${because}`,
  ]);
});

Deno.test("Process.register: nil, true, false and :undefined raise FunctionClauseError", async () => {
  await using rt = testRuntime();
  await rt.run(async function* (self) {
    for (const name of ["nil", "true", "false", "undefined"]) {
      assert.throws(
        () => self.register(self.pid, name),
        (e) =>
          e instanceof FunctionClauseError &&
          formatException(e).startsWith(
            "** (FunctionClauseError) no function clause matching in Process.register/2",
          ),
      );
    }
    assert.deepEqual(self.registered(), []);
  });
});

Deno.test("Process.unregister: a free name raises ArgumentError with OTP 25's badarg text", async () => {
  await using rt = testRuntime();
  await rt.run(async function* (self) {
    assert.throws(
      () => self.unregister("free"),
      (e) =>
        e instanceof ArgumentError &&
        e.message ===
          "errors were found at the given arguments:\n\n  * 1st argument: not a pid\n",
    );
  });
});
