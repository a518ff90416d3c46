/**
 * The `GenServer ... terminating` report, as Elixir 1.14's Logger prints it.
 *
 * Every expected text here was captured from Elixir 1.14.0 (OTP 24) with
 * the same server written in Elixir (`elixir -e '...'`); only pids, times
 * and stack frames (Elixir's are `s.exs:5: S.handle_call/3`, servy's
 * `tests/actor/gen_server_report_test.ts:40: handleCall`) differ.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  GenServer,
  type GenServerModule,
  inspect,
  isDown,
  type Pid,
  type Self,
  type StartOptions,
  startRuntime,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

/** The state every server here starts with: `%{count: 1, name: "x"}`. */
type State = { count: number; name: string } | { type: "state"; n: number };

/**
 * `handle_call(:crash, ...)` raises, `:kaboom` calls `exit(:kaboom)`,
 * `:stop` returns `{:stop, :kaboom, s}`, `:self` calls its own server,
 * `:slow` tells `:watcher` it waits for `:go` and then exits; a cast `{:stop, r, s}`; an info
 * `r` calls `exit(r)`.
 */
const S: GenServerModule<State, State> = {
  name: "S",
  init: (state) => ({ type: "ok", state }),
  *handleCall(request, _from, state, self) {
    if (request === "crash") throw new Error("boom");
    if (request === "kaboom") self.exit("kaboom");
    if (request === "self") {
      yield* GenServer.call(self, self.pid, "x");
    }
    if (request === "slow") {
      self.send("watcher", "waiting");
      yield* self.receive((m): m is "go" => m === "go");
      self.exit("kaboom");
    }
    return { type: "stop", reason: "kaboom", state };
  },
  handleCast: (reason, state) => ({ type: "stop", reason, state }),
  handleInfo: (reason, _state, self) => self.exit(reason),
};

const STATE: State = { count: 1, name: "x" };

/** `{:ok, pid} = GenServer.start(S, state, options)`. */
function* start(self: Self, state: State, options?: StartOptions) {
  const r = yield* GenServer.start(self, S, state, options);
  if (typeof r === "object" && r.type === "ok") return r.pid;
  throw new Error(`Cannot start S: ${inspect(r)}`);
}

/** Starts `S`, calls it with `request` (catching the exit), returns the pid. */
function* callAndCrash(self: Self, request: string, state: State = STATE) {
  const pid = yield* start(self, state);
  self.monitor(pid);
  try {
    yield* GenServer.call(self, pid, request);
  } catch { /* the caller exits too; only the report matters here */ }
  yield* self.receive(isDown);
  return pid;
}

/** The report's lines from `** (stop)` up to (not including) "Last message". */
function stopBanner(entry: string): string[] {
  const lines = entry.split("\n");
  return lines.slice(2, lines.findIndex((l) => l.startsWith("Last message")));
}

Deno.test("GenServer report: Last message prints an atom message as an atom", async () => {
  await using rt = testRuntime();
  const { server, me } = await rt.run(async function* (self) {
    return { server: yield* callAndCrash(self, "crash"), me: self.pid };
  });
  assert.equal(rt.entries.length, 1);
  const entry = rt.entries[0];
  // Elixir: "GenServer #PID<0.106.0> terminating\n** (RuntimeError) boom\n
  //   <frames>\nLast message (from #PID<0.96.0>): :crash\n
  //   State: %{count: 1, name: \"x\"}\nClient #PID<0.96.0> is alive\n"
  assert.match(
    entry,
    new RegExp(
      `\\[error\\] GenServer ${server} terminating\n\\*\\* \\(RuntimeError\\) boom\n`,
    ),
  );
  assert.ok(
    entry.endsWith(
      `\nLast message (from ${me}): :crash\nState: %{count: 1, name: "x"}\nClient ${me} is alive\n`,
    ),
    entry,
  );
});

Deno.test("GenServer report: the ** (stop) of exit(:kaboom) in handle_call carries the stack of the exit", async () => {
  await using rt = testRuntime();
  const me = await rt.run(async function* (self) {
    yield* callAndCrash(self, "kaboom");
    return self.pid;
  });
  const entry = rt.entries[0];
  // Elixir: "** (stop) :kaboom\n    s.exs:5: S.handle_call/3\n    (stdlib 4.2) ..."
  const banner = stopBanner(entry);
  assert.equal(banner[0], "** (stop) :kaboom");
  assert.match(
    banner[1],
    /^ {4}tests\/actor\/gen_server_report_test\.ts:\d+: (Object\.)?handleCall$/,
  );
  assert.ok(
    entry.endsWith(
      `\nLast message (from ${me}): :kaboom\nState: %{count: 1, name: "x"}\nClient ${me} is alive\n`,
    ),
  );
});

Deno.test("GenServer report: {:stop, reason, state} prints ** (stop) reason without a stack", async () => {
  await using rt = testRuntime();
  const me = await rt.run(async function* (self) {
    yield* callAndCrash(self, "stop");
    return self.pid;
  });
  // Elixir: "** (stop) :kaboom\nLast message (from #PID<0.96.0>): :stop\n..."
  assert.match(
    rt.entries[0],
    new RegExp(
      `terminating\n\\*\\* \\(stop\\) :kaboom\nLast message \\(from ${me}\\): :stop\n`,
    ),
  );
});

Deno.test("GenServer report: a call to itself prints ** (stop) exited in: GenServer.call(...) and ** (EXIT) process attempted to call itself", async () => {
  await using rt = testRuntime();
  const server = await rt.run(async function* (self) {
    return yield* callAndCrash(self, "self");
  });
  // Elixir: "** (stop) exited in: GenServer.call(#PID<0.109.0>, :x, 5000)\n
  //   ** (EXIT) process attempted to call itself\n    <frames>"
  const banner = stopBanner(rt.entries[0]);
  assert.deepEqual(banner.slice(0, 2), [
    `** (stop) exited in: GenServer.call(${server}, :x, 5000)`,
    "    ** (EXIT) process attempted to call itself",
  ]);
  assert.match(
    banner[2],
    /^ {4}tests\/actor\/gen_server_report_test\.ts:\d+: (Object\.)?handleCall$/,
  );
});

Deno.test('GenServer report: a cast prints as {:"$gen_cast", msg} and a report without a client ends with the state', async () => {
  await using rt = testRuntime();
  await rt.run(async function* (self) {
    const pid = yield* start(self, { type: "state", n: 1 }, {
      name: "named",
    });
    self.monitor(pid);
    GenServer.cast(self, "named", { type: "bad", n: 2 });
    yield* self.receive(isDown);
  });
  // Elixir, verbatim (captured with {:bad, 2}).
  assert.match(
    rt.entries[0],
    /\[error\] GenServer :named terminating\n\*\* \(stop\) \{:bad, 2\}\nLast message: \{:"\$gen_cast", \{:bad, 2\}\}\nState: \{:state, 1\}$/,
  );
});

Deno.test("GenServer report: ** (stop) prints the reason as Exception.format_exit/1 does (killed, time out)", async () => {
  await using rt = testRuntime();
  await rt.run(async function* (self) {
    for (const how of ["cast", "info"]) {
      for (const reason of ["killed", "timeout"]) {
        const pid = yield* start(self, STATE);
        self.monitor(pid);
        if (how === "cast") GenServer.cast(self, pid, reason);
        else self.send(pid, reason);
        yield* self.receive(isDown);
      }
    }
  });
  // Elixir: "** (stop) killed", "** (stop) time out"; exit/1 in handle_info adds its stack.
  assert.deepEqual(rt.entries.map((e) => stopBanner(e)[0]), [
    "** (stop) killed",
    "** (stop) time out",
    "** (stop) killed",
    "** (stop) time out",
  ]);
  assert.equal(stopBanner(rt.entries[0]).length, 1);
  assert.match(
    stopBanner(rt.entries[2])[1],
    /^ {4}tests\/actor\/gen_server_report_test\.ts:\d+: (Object\.)?handleInfo$/,
  );
  assert.match(rt.entries[0], /\nLast message: \{:"\$gen_cast", :killed\}\n/);
  assert.match(rt.entries[2], /\nLast message: :killed\n/);
  assert.match(rt.entries[3], /\nLast message: :timeout\n/);
});

Deno.test("GenServer report: Client ... is dead ends the report of a caller that died", async () => {
  await using rt = testRuntime();
  const { server, client } = await rt.run(async function* (self) {
    const server = yield* start(self, STATE);
    self.register(self.pid, "watcher");
    const client = self.spawn(async function* (me) {
      yield* GenServer.call(me, server, "slow");
    });
    yield* self.receive((m): m is "waiting" => m === "waiting");
    self.monitor(client);
    self.exit(client, "kill");
    yield* self.receive(isDown);
    self.monitor(server);
    self.send(server, "go");
    yield* self.receive(isDown);
    return { server, client };
  });
  // Elixir: "...State: %{a: 1}\nClient #PID<0.104.0> is dead" and nothing after.
  assert.match(
    rt.entries[0],
    new RegExp(`GenServer ${server} terminating\n\\*\\* \\(stop\\) :kaboom\n`),
  );
  assert.ok(
    rt.entries[0].endsWith(
      `\nLast message (from ${client}): :slow\nState: %{count: 1, name: "x"}\nClient ${client} is dead`,
    ),
  );
});

Deno.test("GenServer report: a message that is not identifier-like stays a string", async () => {
  await using rt = testRuntime();
  await rt.run(async function* (self) {
    yield* callAndCrash(self, "GET /bears");
  });
  assert.match(rt.entries[0], /\nLast message \(from [^)]+\): "GET \/bears"\n/);
});

Deno.test("GenServer report: on the console the report of a live caller ends with one blank line, as Elixir's default format leaves it", async () => {
  const texts: string[] = [];
  await using rt = startRuntime({ logger: { device: (t) => texts.push(t) } });
  let server: Pid | undefined;
  await rt.run(async function* (self) {
    server = yield* callAndCrash(self, "stop");
    const pid = yield* start(self, STATE);
    self.monitor(pid);
    GenServer.cast(self, pid, "kaboom");
    yield* self.receive(isDown);
  });
  // Elixir's bytes: "\n13:40:24.653 [error] GenServer #PID<0.108.0> terminating\n
  //   ...Client #PID<0.96.0> is alive\n\n" (then the client's stack, which
  //   servy does not know); a cast: "...State: ...\n", no blank line.
  assert.equal(texts.length, 2);
  assert.match(
    texts[0],
    new RegExp(
      `^\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[error\\] GenServer ${server} terminating\n`,
    ),
  );
  assert.match(texts[0], /\nClient #PID<[\d.]+> is alive\n\n$/);
  assert.match(texts[1], /\nState: %\{count: 1, name: "x"\}\n$/);
});
