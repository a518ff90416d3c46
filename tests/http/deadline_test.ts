import assert from "node:assert/strict";
import { DEFAULT_LIMITS, respond } from "../../lib/http/mod.ts";
import { undated } from "../_support.ts";
import { answering, GET, openConnection, refusal } from "./_probe.ts";

const { idleTimeoutMs, writeTimeoutMs, lingerMs } = DEFAULT_LIMITS;

Deno.test("idle timeout: a keep-alive connection idle for idleTimeoutMs of runtime time is closed", async () => {
  await using c = await openConnection(answering("hi"));
  await c.client.send(GET);
  await c.client.readUntil(/\r\n\r\nhi$/);
  await c.probe.until(() => c.probe.reads === 2); // waiting for the next one
  c.clock.advance(idleTimeoutMs - 1);
  assert.equal(c.probe.closed, false);
  c.clock.advance(1);
  assert.equal(c.probe.closed, true);
  assert.equal((await c.down).reason, "normal");
  assert.equal(c.table.size, 0);
  assert.equal(await c.client.readSome().catch(() => null), null);
});

Deno.test("idle timeout: each request starts the wait anew", async () => {
  await using c = await openConnection(answering("hi"));
  for (let i = 1; i <= 3; i++) {
    c.clock.advance(idleTimeoutMs - 1);
    await c.client.send(GET);
    await c.client.readUntil(new RegExp(`(hi[^]*){${i}}`));
    await c.probe.until(() => c.probe.reads === i + 1);
  }
  assert.equal(c.probe.closed, false); // 3 × (idle - 1) ms have passed
  c.clock.advance(idleTimeoutMs);
  assert.equal(c.probe.closed, true);
});

Deno.test("408: a request still unfinished after idleTimeoutMs is answered 408, then closed lingering for lingerMs", async () => {
  const app = answering("hi");
  await using c = await openConnection(app);
  await c.client.send("GET / HTTP/1.1\r\nHost: x\r\n");
  await c.probe.until(() => c.probe.reads === 2); // has the half, wants more
  c.clock.advance(idleTimeoutMs);
  assert.equal(
    undated(await c.client.readToEnd()), // ends at the half-close
    refusal("408 Request Timeout", "The request took too long"),
  );
  // The client goes on sending; the connection discards it, for lingerMs.
  await c.client.send("X-More: still sending\r\n\r\n");
  await c.probe.until(() => c.probe.readsAfterHalfClose > 0);
  c.clock.advance(lingerMs - 1);
  assert.equal(c.probe.closed, false);
  c.clock.advance(1);
  assert.equal(c.probe.closed, true);
  assert.equal((await c.down).reason, "normal");
  assert.equal(c.table.size, 0);
  assert.equal(app.handled, 0); // the rest of the request was not served
});

/** The length of a 200 response with `body`, as servy formats it. */
function responseLength(body: string): number {
  const head =
    `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nDate: ${
      "D".repeat(29)
    }\r\nServer: servy\r\n\r\n`;
  return head.length + body.length;
}

Deno.test("write timeout: a client pipelining 10,000 requests and never reading is closed writeTimeoutMs after the last write progress", async () => {
  const body = "x".repeat(1001);
  const app = answering(body);
  const writeTimeoutMs = 3_000; // not the idle timeout's 10 s
  await using c = await openConnection({ ...app, limits: { writeTimeoutMs } });
  const requests = GET.repeat(10_000);
  const sending = c.client.send(requests).catch(() => {});
  // The kernel's buffers fill: a write takes less than given, then stalls.
  await c.probe.until(() => c.probe.shortWrites > 0 && c.probe.writing);
  // One request at a time: at most one handled ahead of what was written,
  // and the unread requests wait in the kernel, not in servy.
  const written = c.probe.bytesWritten;
  assert.ok((app.handled - 1) * responseLength(body) <= written);
  assert.ok(app.handled < 10_000, `${app.handled} handled`);
  assert.ok(c.probe.bytesRead < requests.length, `${c.probe.bytesRead} read`);
  c.clock.advance(writeTimeoutMs - 1);
  assert.equal(c.probe.closed, false);
  c.clock.advance(1);
  assert.equal(c.probe.closed, true);
  assert.equal((await c.down).reason, "normal");
  assert.equal(c.table.size, 0);
  c.client.conn.close();
  await sending;
});

Deno.test("write timeout: a slow reader is not cut off while each write makes progress", async () => {
  const body = "y".repeat(16 * 1024 * 1024);
  await using c = await openConnection(answering(body));
  await c.client.send(GET);
  const total = responseLength(body);
  const buffer = new Uint8Array(256 * 1024);
  let got = 0;
  let elapsed = 0;
  await c.probe.until(() => c.probe.writeCalls > 0);
  while (got < total) {
    const calls = c.probe.writeCalls; // its deadline: writeTimeoutMs from now
    c.clock.advance(writeTimeoutMs - 1);
    elapsed += writeTimeoutMs - 1;
    // Read until the server's write moves on (or the response is whole).
    while (c.probe.writeCalls === calls && got < total) {
      got += (await c.client.conn.read(buffer)) ?? Infinity;
    }
  }
  assert.equal(got, total);
  assert.ok(elapsed > writeTimeoutMs, `${elapsed} ms`);
  assert.equal(c.probe.closed, false);
  await c.client.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  let more = 0;
  for (
    let n: number | null = 0;
    n !== null;
    n = await c.client.conn.read(buffer)
  ) {
    more += n;
  }
  assert.equal(more, total + "Connection: close\r\n".length); // and it serves on
});

Deno.test("idle timeout: after a response the client was slow to take, the wait counts from the write's end", async () => {
  const body = "z".repeat(8 * 1024 * 1024);
  const limits = { idleTimeoutMs: 1_000, writeTimeoutMs: 10_000 };
  await using c = await openConnection({ ...answering(body), limits });
  await c.client.send(GET);
  await c.probe.until(() => c.probe.shortWrites > 0 && c.probe.writing);
  c.clock.advance(900); // the write waits for the client meanwhile
  const total = responseLength(body);
  const buffer = new Uint8Array(256 * 1024);
  for (let got = 0; got < total;) {
    got += (await c.client.conn.read(buffer)) ?? Infinity;
  }
  await c.probe.until(() => c.probe.reads === 2); // waiting for the next one
  c.clock.advance(limits.idleTimeoutMs - 1);
  assert.equal(c.probe.closed, false, "idle for less than idleTimeoutMs");
  c.clock.advance(1);
  assert.equal(c.probe.closed, true);
});

Deno.test("lingering close: it ends as soon as the client closes", async () => {
  await using c = await openConnection({
    ...answering("hi"),
    limits: { maxBodyBytes: 10 },
  });
  await c.client.send(
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n",
  );
  assert.equal(
    undated(await c.client.readToEnd()),
    refusal("413 Content Too Large", "The body is 11 bytes; the limit is 10"),
  );
  c.client.conn.close();
  assert.equal((await c.down).reason, "normal"); // no time has passed
  assert.equal(c.table.size, 0);
});

Deno.test("drain: a connection waiting for its client ends at once, a half-sent request gets 408, a busy one finishes with Connection: close", async () => {
  await using idle = await openConnection(answering("hi"));
  await idle.client.send(GET);
  await idle.probe.until(() => idle.probe.reads === 2);
  await using half = await openConnection(answering("hi"));
  await half.client.send("GET / HTTP/1.1\r\n");
  await half.probe.until(() => half.probe.reads === 2);
  const started = Promise.withResolvers<void>();
  await using busy = await openConnection({
    handler: async function* (self, conv) {
      started.resolve();
      yield* self.receive((m): m is "go" => m === "go");
      return respond(conv, 200, "done");
    },
  });
  await busy.client.send(GET);
  await started.promise;
  const drained = [idle, half, busy].map((c) => c.table.drain());
  for (const c of [idle, half, busy]) c.clock.advance(0); // the timers' next tick
  assert.equal((await idle.down).reason, "normal");
  assert.equal(
    undated(await half.client.readToEnd()),
    refusal("408 Request Timeout", "The request took too long"),
  );
  half.client.conn.close();
  busy.send(busy.pid, "go");
  assert.match(
    await busy.client.readToEnd(),
    /\r\nConnection: close\r\n\r\ndone$/,
  );
  await Promise.all(drained);
});
