/**
 * `inspect/1` and `Exception.format/3` as Elixir 1.14 prints them: keyword
 * lists, atoms, exception structs, raw error terms and call exits. Every
 * expected text was printed by `elixir -e` on Elixir 1.14.0 / OTP 25.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  ArgumentError,
  crash,
  ErlangError,
  formatException,
  formatExit,
  inspect,
  inspectReason,
  isDown,
  Pid,
  Tuple,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

const pid = new Pid(102, {});

Deno.test("inspect: a list of atom-keyed pairs prints as a keyword list", () => {
  // IO.inspect [process: pid]; IO.inspect [trap_exit: true, message_queue_len: 2]
  assert.equal(
    inspect([{ type: "process", pid }]),
    "[process: #PID<0.102.0>]",
  );
  assert.equal(
    inspect([
      { type: "trap_exit", trap_exit: true },
      { type: "message_queue_len", message_queue_len: 2 },
    ]),
    "[trap_exit: true, message_queue_len: 2]",
  );
  // In a reason, strings are atoms: a Tuple or a one-key object is a pair.
  assert.equal(
    inspectReason([new Tuple("a", 1), { b: "x" }]),
    "[a: 1, b: :x]",
  );
  assert.equal(inspect([new Tuple(Symbol("a"), 1)]), "[a: 1]");
});

Deno.test("inspect: keyword keys print bare or quoted as Macro.inspect_atom(:key, _) decides", () => {
  const kw = (...keys: string[]) =>
    inspectReason(keys.map((k) => new Tuple(k, 1)));
  assert.equal(kw("my key"), '["my key": 1]');
  assert.equal(
    kw("ok?", "a@b", "_", "__MODULE__"),
    "[ok?: 1, a@b: 1, _: 1, __MODULE__: 1]",
  );
  assert.equal(
    kw("do", "when", "+", "&&", "@"),
    "[do: 1, when: 1, +: 1, &&: 1, @: 1]",
  );
  assert.equal(kw("a.b", "9a", "<|>"), '["a.b": 1, "9a": 1, "<|>": 1]');
  assert.equal(kw("nil", "true"), "[nil: 1, true: 1]");
  assert.equal(kw("ünicode", "café"), "[ünicode: 1, café: 1]");
});

Deno.test("inspect: an empty list, a mixed list, an alias key or a string key is a plain list", () => {
  assert.equal(inspect([]), "[]");
  // IO.inspect [{:a, 1}, 3]; [{:a, 1}, {"b", 2}]; [{:a, 1}, {Foo, 2}]; [{:a, 1, 2}]
  assert.equal(inspectReason([new Tuple("a", 1), 3]), "[{:a, 1}, 3]");
  assert.equal(
    inspect([{ type: "a", a: 1 }, new Tuple("b", 2)]),
    '[{:a, 1}, {"b", 2}]',
  );
  assert.equal(
    inspectReason([new Tuple("a", 1), new Tuple("Foo", 2)]),
    "[{:a, 1}, {Foo, 2}]",
  );
  assert.equal(inspectReason([new Tuple("a", 1, 2)]), "[{:a, 1, 2}]");
  // Outside a reason a Tuple's strings are strings: the course's pledges.
  assert.equal(
    inspect([new Tuple("wilma", 15), new Tuple("fred", 25)]),
    '[{"wilma", 15}, {"fred", 25}]',
  );
  // A one-key object outside a reason is a map; {:DOWN, ...} is no pair.
  assert.equal(inspect([{ name: "Teddy" }]), '[%{name: "Teddy"}]');
});

Deno.test("inspect: nil, true and false print without a colon", () => {
  // IO.inspect {:nil, :true}
  assert.equal(inspectReason(new Tuple("nil", "true")), "{nil, true}");
  assert.equal(inspectReason("café"), ":café");
  assert.equal(inspectReason("+"), ":+");
});

class MyError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
    this.name = "MyError";
  }
}

Deno.test("inspect: an exception prints its struct with the fields set, not its name", () => {
  // IO.inspect %ArgumentError{message: "bad arg"}; RuntimeError.exception("boom")
  assert.equal(
    inspect(new ArgumentError("bad arg")),
    '%ArgumentError{message: "bad arg"}',
  );
  assert.equal(inspect(new Error("boom")), '%RuntimeError{message: "boom"}');
  // defexception [:message, :code]: %MyError{message: "m", code: 1}
  assert.equal(inspect(new MyError("m", 1)), '%MyError{message: "m", code: 1}');
  assert.equal(
    inspect({ type: "error", e: new ArgumentError("x") }),
    '{:error, %ArgumentError{message: "x"}}',
  );
});

Deno.test("ErlangError.normalize: raw error terms print as the exceptions Elixir rescues", () => {
  const cases: [unknown, string, string][] = [
    [
      "badarith",
      '%ArithmeticError{message: "bad argument in arithmetic expression"}',
      "** (ArithmeticError) bad argument in arithmetic expression",
    ],
    [
      new Tuple("badmatch", 3),
      "%MatchError{term: 3}",
      "** (MatchError) no match of right hand side value: 3",
    ],
    [
      { type: "badmatch", value: "x" },
      '%MatchError{term: "x"}',
      '** (MatchError) no match of right hand side value: "x"',
    ],
    [
      "function_clause",
      "%FunctionClauseError{module: nil, function: nil, arity: nil, kind: nil, args: nil, clauses: nil}",
      "** (FunctionClauseError) no function clause matches",
    ],
    [
      "badarg",
      '%ArgumentError{message: "argument error"}',
      "** (ArgumentError) argument error",
    ],
    [
      new Tuple("badarg", 1),
      '%ArgumentError{message: "argument error: 1"}',
      "** (ArgumentError) argument error: 1",
    ],
    [
      "noproc",
      "%ErlangError{original: :noproc, reason: nil}",
      "** (ErlangError) Erlang error: :noproc",
    ],
    [
      new Tuple("kaboom", 1),
      "%ErlangError{original: {:kaboom, 1}, reason: nil}",
      "** (ErlangError) Erlang error: {:kaboom, 1}",
    ],
    [
      new Tuple("case_clause", 1),
      "%CaseClauseError{term: 1}",
      "** (CaseClauseError) no case clause matching: 1",
    ],
    [
      new Tuple("badkey", "k"),
      "%KeyError{key: :k, term: nil, message: nil}",
      "** (KeyError) key :k not found",
    ],
    [
      new Tuple("badkey", "k", { a: 1 }),
      "%KeyError{key: :k, term: %{a: 1}, message: nil}",
      "** (KeyError) key :k not found in: %{a: 1}",
    ],
    [
      "cond_clause",
      "%CondClauseError{}",
      "** (CondClauseError) no cond clause evaluated to a truthy value",
    ],
    [
      "system_limit",
      '%SystemLimitError{message: "a system limit has been reached"}',
      "** (SystemLimitError) a system limit has been reached",
    ],
    [
      new Tuple("badmap", 1),
      "%BadMapError{term: 1}",
      "** (BadMapError) expected a map, got: 1",
    ],
  ];
  for (const [term, struct, report] of cases) {
    const e = new ErlangError(term);
    assert.equal(inspect(e), struct);
    assert.equal(formatException(e).split("\n")[0], report);
    assert.equal(e.message, report.replace(/^\*\* \(\w+\) /, ""));
  }
});

Deno.test("ErlangError: the exit reason of a raw error keeps the raw term, as {:badarith, stack}", () => {
  assert.match(
    inspect(crash(new ErlangError("badarith"))),
    /^\{:badarith, \[/,
  );
});

Deno.test("Exception.format_exit: a call's exit names the call, nested ones indented", () => {
  const call = (server: unknown, req: string) =>
    new Tuple("GenServer", "call", [server, req, 5000]);
  assert.equal(
    formatExit(new Tuple("noproc", call("nobody", "hi"))),
    "exited in: GenServer.call(:nobody, :hi, 5000)\n    ** (EXIT) no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started",
  );
  assert.equal(
    formatExit(new Tuple("kaboom", call(pid, "y"))),
    "exited in: GenServer.call(#PID<0.102.0>, :y, 5000)\n    ** (EXIT) :kaboom",
  );
  assert.equal(
    formatExit(new Tuple({ shutdown: "x" }, call(pid, "y"))),
    "exited in: GenServer.call(#PID<0.102.0>, :y, 5000)\n    ** (EXIT) shutdown: :x",
  );
  assert.equal(
    formatExit(
      new Tuple(new Tuple("calling_self", call("a", "x")), call("b", "y")),
    ),
    "exited in: GenServer.call(:b, :y, 5000)\n    ** (EXIT) exited in: GenServer.call(:a, :x, 5000)\n        ** (EXIT) process attempted to call itself",
  );
  assert.equal(
    formatExit(new Tuple("noproc", new Tuple("sys", "get_state", ["x"]))),
    "exited in: :sys.get_state(:x)\n    ** (EXIT) " +
      formatExit("noproc"),
  );
  assert.match(
    formatExit(new Tuple(crash(new Error("boom")), call("b", "y"))),
    /^exited in: GenServer\.call\(:b, :y, 5000\)\n {4}\*\* \(EXIT\) an exception was raised:\n {8}\*\* \(RuntimeError\) boom/,
  );
});

Deno.test("inspect: {:DOWN, ref, :process, {name, node}, reason} and {:DOWN, ref, :port, port, reason} in Elixir's order (checked on Elixir 1.14)", async () => {
  await using rt = testRuntime();
  const [named, port] = await rt.run(function* (self) {
    self.monitor("nobody");
    const named = yield* self.receive(isDown);
    const socket = self.openPort(() => {});
    self.Port.monitor(socket);
    self.Port.close(socket);
    const port = yield* self.receive(isDown);
    return [named, port];
  });
  assert.match(
    inspect(named),
    /^\{:DOWN, #Reference<0\.0\.0\.\d+>, :process, \{:nobody, :nonode@nohost\}, :noproc\}$/,
  );
  assert.match(
    inspect(port),
    /^\{:DOWN, #Reference<0\.0\.0\.\d+>, :port, #Port<0\.\d+>, :normal\}$/,
  );
});
