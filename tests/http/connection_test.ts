import assert from "node:assert/strict";
import { ManualClock } from "../../lib/actor/mod.ts";
import { turnAway } from "../../lib/http/turn_away.ts";
import {
  ConnectionTable,
  MAX_TURNED_AWAY,
} from "../../lib/http/connection_table.ts";
import { DEFAULT_LIMITS, respond } from "../../lib/http/mod.ts";
import { connect, listen } from "../../lib/net/mod.ts";
import { idle, testRuntime, undated } from "../_support.ts";
import {
  answering,
  GET,
  openConnection,
  Probe,
  reading,
  refusal,
} from "./_probe.ts";

const { lingerMs } = DEFAULT_LIMITS;

Deno.test("lingering close (RFC 9112 §9.6): after a 413 the connection half-closes, discards what the client still sends, and closes after lingerMs", async () => {
  await using c = await openConnection({
    ...answering("hi"),
    limits: { maxBodyBytes: 1024 },
  });
  await c.client.send(
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n",
  );
  const sending = (async () => {
    const chunk = new Uint8Array(64 * 1024);
    for (let i = 0; i < 16; i++) await c.client.send(chunk);
  })().catch(() => {});
  assert.equal(
    undated(await c.client.readToEnd()), // ends at the half-close
    refusal(
      "413 Content Too Large",
      "The body is 1000000 bytes; the limit is 1024",
    ),
  );
  await c.probe.until(() => c.probe.readsAfterHalfClose > 0);
  c.clock.advance(lingerMs - 1);
  assert.equal(c.probe.closed, false);
  c.clock.advance(1);
  assert.equal(c.probe.closed, true);
  assert.equal((await c.down).reason, "normal");
  assert.equal(c.table.size, 0);
  await sending;
});

Deno.test("shutdown: a request cut off by the drain gets 503 with Connection: close", async () => {
  const started = Promise.withResolvers<void>();
  await using c = await openConnection({
    handler: async function* (self, conv) {
      started.resolve();
      yield* idle(self);
      return respond(conv, 200, "never");
    },
  });
  await c.client.send(GET);
  await started.promise;
  void c.table.drain();
  c.exit(c.pid, "kill"); // the drain's time is over
  assert.equal(
    undated(await c.client.readToEnd()),
    refusal("503 Service Unavailable", "The server is shutting down"),
  );
  assert.equal(c.table.size, 0);
});

Deno.test("a request whose handler crashes gets 500, draining or not", async () => {
  for (const draining of [false, true]) {
    await using c = await openConnection({
      handler: (_self, conv) => {
        if (draining) void c.table.drain();
        throw new Error(`Kaboom at ${conv.path}`);
      },
    });
    await c.client.send(GET);
    assert.equal(
      undated(await c.client.readToEnd()),
      refusal("500 Internal Server Error", "Internal Server Error"),
    );
    assert.match(
      c.entries[0],
      /raised an exception\n\*\* \(RuntimeError\) Kaboom at \/\n/,
    );
  }
});

/** A server process on a manual clock that turns away every connection. */
async function turningAway() {
  const clock = new ManualClock();
  const rt = testRuntime(clock);
  const listener = await listen(0);
  const table = new ConnectionTable({ maxConnections: 0 });
  const probes: Probe[] = [];
  const server = rt.spawn(async function* (self) {
    self.openPort(() => listener.close());
    for (;;) {
      const probe = new Probe(await listener.accept());
      probes.push(probe);
      turnAway(self, probe, { table, server: "servy" });
    }
  });
  const stop = rt[Symbol.asyncDispose].bind(rt);
  const clients: ReturnType<typeof reading>[] = [];
  return Object.assign(rt, {
    clock,
    table,
    probes,
    server,
    /** Connects a client; @returns it once the server has turned it away */
    async turnedAway() {
      const client = reading(await connect(listener.port));
      clients.push(client);
      await client.readUntil(/connections$/);
      return client;
    },
    async [Symbol.asyncDispose]() {
      for (const c of clients) {
        try {
          c.conn.close();
        } catch {
          // closed by the test
        }
      }
      await stop();
    },
  });
}

Deno.test("turnAway: the 503 over the cap reaches a client still sending its request, then the socket lingers for at most lingerMs", async () => {
  await using s = await turningAway();
  const client = await s.turnedAway();
  const sending = client.send(new Uint8Array(1024 * 1024)).catch(() => {});
  assert.equal(
    undated(await client.readToEnd()),
    refusal("503 Service Unavailable", "Too many connections"),
  );
  const [probe] = s.probes;
  await probe.until(() => probe.readsAfterHalfClose > 0);
  assert.equal(s.table.turnedAway, 1);
  s.clock.advance(lingerMs - 1);
  assert.equal(probe.closed, false);
  s.clock.advance(1);
  assert.equal(probe.closed, true);
  await sending;
  assert.equal(s.alive(s.server), true);
});

Deno.test(`turnAway: past ${MAX_TURNED_AWAY} lingering at once, a turned-away socket closes right after its 503`, async () => {
  await using s = await turningAway();
  for (let i = 0; i < MAX_TURNED_AWAY; i++) await s.turnedAway();
  const last = await s.turnedAway();
  const probe = s.probes[MAX_TURNED_AWAY];
  await probe.until(() => probe.closed); // no time has passed
  assert.equal(
    undated(await last.readToEnd()),
    refusal("503 Service Unavailable", "Too many connections"),
  );
  assert.equal(s.table.turnedAway, MAX_TURNED_AWAY);
  assert.equal(s.probes.filter((p) => p.closed).length, 1);
  s.clock.advance(lingerMs);
  assert.equal(s.probes.every((p) => p.closed), true);
});

Deno.test("turnAway: a lingering socket is a port of the server, closed when the server exits", async () => {
  await using s = await turningAway();
  await s.turnedAway();
  const down = s.monitor(s.server);
  s.exit(s.server, "kill");
  await down;
  assert.equal(s.probes[0].closed, true);
});
