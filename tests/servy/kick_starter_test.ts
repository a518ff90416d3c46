import assert from "node:assert/strict";
import {
  type Down,
  GenServer,
  inspect,
  isDown,
  type Pid,
  Port,
  type Self,
} from "../../lib/actor/mod.ts";
import { request } from "../../lib/http/client.ts";
import {
  type KickStarterArg,
  Linked,
  NAME,
  Restarting,
  start,
  Trapped,
  Unlinked,
} from "../../lib/servy/kick_starter.ts";
import { freePort, testRuntime } from "../_support.ts";

const GET = "GET /wildthings HTTP/1.1\r\nHost: example.com\r\n\r\n";

function setup() {
  const lines: string[] = [];
  const arg: KickStarterArg = {
    port: freePort(),
    console: (l) => void lines.push(l),
  };
  return { arg, lines };
}

/** Waits (in the shell process) until `:http_server` names a server that listens. */
async function* serverUp(
  self: Self,
  old?: Pid,
): AsyncGenerator<unknown, Pid, unknown> {
  for (;;) {
    const pid = self.whereis("http_server");
    const links = pid && self.info(pid, "links");
    if (
      pid !== undefined && pid !== old && links?.some((l) => l instanceof Port)
    ) return pid;
    yield* self.sleep(1);
  }
}

Deno.test("42 kickstarter_unlinked: killing the spawned server leaves KickStarter alive and unlinked; the port is refused", async () => {
  await using rt = testRuntime();
  const { arg, lines } = setup();
  const got = await rt.run(async function* (self) {
    const r = yield* start(Unlinked, arg);
    if (typeof r !== "object" || r.type !== "ok") throw new Error(inspect(r));
    const kick = r.pid;
    const server = yield* serverUp(self);
    return { kick, server, serverLinks: self.info(server, "links") };
  });
  assert.equal(got.serverLinks!.length, 1);
  assert.ok(got.serverLinks![0] instanceof Port);
  assert.match(
    await request(arg.port, GET),
    /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nBears, Lions, Tigers$/,
  );
  const after = await rt.run(async function* (self) {
    const ref = self.monitor(got.server);
    const result = self.exit(got.server, "kaboom");
    const down = yield* self.receive((m): m is Down =>
      isDown(m) && m.ref === ref
    );
    return {
      result,
      reason: down.reason,
      serverAlive: self.alive(got.server),
      kickAlive: self.alive(got.kick),
      kickLinks: self.info(got.kick, "links"),
      name: self.whereis("http_server"),
    };
  });
  assert.deepEqual(after, {
    result: true,
    reason: "kaboom",
    serverAlive: false,
    kickAlive: true,
    kickLinks: [],
    name: undefined,
  });
  assert.equal(await request(arg.port, GET), "connection refused");
  assert.deepEqual(lines.slice(0, 4), [
    "Starting the kickstarter\n",
    "Starting the HTTP server...\n",
    `\n🎧  Listening for connection requests on port ${arg.port}...\n\n`,
    "⌛️  Waiting to accept a client connection...\n\n",
  ]);
  assert.deepEqual(rt.entries, []);
});

Deno.test("43 kickstarter_linked: the link shows both ways (and the listener's port); killing the server kills KickStarter with :kaboom", async () => {
  await using rt = testRuntime();
  const { arg } = setup();
  const got = await rt.run(async function* (self) {
    const r = yield* start(Linked, arg);
    if (typeof r !== "object" || r.type !== "ok") throw new Error(inspect(r));
    const server = yield* serverUp(self);
    const kickLinks = self.info(r.pid, "links");
    const serverLinks = self.info(server, "links");
    const ref = self.monitor(r.pid);
    self.exit(server, "kaboom");
    const down = yield* self.receive((m): m is Down =>
      isDown(m) && m.ref === ref
    );
    return {
      kick: r.pid,
      server,
      kickLinks,
      serverLinks,
      reason: down.reason,
      names: self.registered(),
    };
  });
  assert.deepEqual(got.kickLinks, [got.server]);
  assert.equal(got.serverLinks!.length, 2);
  assert.equal(got.serverLinks![0], got.kick);
  assert.match(
    inspect(got.serverLinks),
    /^\[#PID<0\.\d+\.0>, #Port<0\.\d+>\]$/,
  );
  assert.equal(got.reason, "kaboom");
  assert.deepEqual(got.names, []);
  assert.equal(await request(arg.port, GET), "connection refused");
  assert.deepEqual(rt.entries, []); // KickStarter died of an exit signal: no report
});

Deno.test("44 kickstarter_trapped_unhandled: the EXIT is logged by the default handle_info; KickStarter lives on with the dead pid", async () => {
  await using rt = testRuntime();
  const { arg } = setup();
  const got = await rt.run(async function* (self) {
    const r = yield* start(Trapped, arg);
    if (typeof r !== "object" || r.type !== "ok") throw new Error(inspect(r));
    const server = yield* serverUp(self);
    const ref = self.monitor(server);
    self.exit(server, "kaboom");
    yield* self.receive((m): m is Down => isDown(m) && m.ref === ref);
    const state = yield* GenServer.call(self, NAME, "get_server");
    return { kick: r.pid, server, state, alive: self.alive(r.pid) };
  });
  assert.equal(got.alive, true);
  assert.equal(got.state, got.server);
  assert.equal(rt.entries.length, 1);
  assert.match(
    rt.entries[0],
    new RegExp(
      `^\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[error\\] Servy\\.KickStarter Servy\\.KickStarter received unexpected message in handle_info/2: \\{:EXIT, #PID<0\\.${got.server.id}\\.0>, :kaboom\\}$`,
    ),
  );
  assert.equal(await request(arg.port, GET), "connection refused");
});

Deno.test("45 kickstarter_trapped_restart: after each kill a new linked server is registered and serves the port; stopping KickStarter leaves it running", async () => {
  await using rt = testRuntime();
  const { arg, lines } = setup();
  const r = await rt.run(function* () {
    return yield* start(Restarting, arg);
  });
  if (typeof r !== "object" || r.type !== "ok") throw new Error(inspect(r));
  const kick = r.pid;
  let server = await rt.run(async function* (self) {
    return yield* serverUp(self);
  });
  for (const reason of ["kaboom", "kill"]) {
    const old = server;
    server = await rt.run(async function* (self) {
      self.exit(old, reason);
      return yield* serverUp(self, old);
    });
    assert.notEqual(server, old);
    const facts = await rt.run(async function* (self) {
      return {
        alive: self.alive(kick),
        links: self.info(server, "links"),
        state: yield* GenServer.call(self, NAME, "get_server"),
      };
    });
    assert.equal(facts.alive, true);
    assert.equal(facts.links![0], kick);
    assert.ok(facts.links![1] instanceof Port);
    assert.equal(facts.state, server);
    assert.match(await request(arg.port, GET), /Bears, Lions, Tigers$/);
  }
  assert.ok(lines.includes("HttpServer exited (:kaboom)\n"));
  assert.ok(lines.includes("HttpServer exited (:killed)\n"));
  // Epilogue: a :normal stop of KickStarter does not take its linked server down.
  const orphan = await rt.run(async function* (self) {
    yield* GenServer.stop(self, NAME);
    return {
      kick: self.alive(kick),
      server: self.alive(server),
      links: self.info(server, "links")?.length,
    };
  });
  assert.deepEqual(orphan, { kick: false, server: true, links: 1 });
  assert.match(await request(arg.port, GET), /Bears, Lions, Tigers$/);
  assert.deepEqual(rt.entries, []);
});
