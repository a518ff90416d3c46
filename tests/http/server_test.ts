import assert from "node:assert/strict";
import { ManualClock } from "../../lib/actor/mod.ts";
import { request } from "../../lib/http/client.ts";
import {
  ConnectionTable,
  type Conv,
  DEFAULT_LIMITS,
} from "../../lib/http/mod.ts";
import { connect } from "../../lib/net/mod.ts";
import { openClient, serveApp, undated } from "../_support.ts";

const GET = "GET /wildthings HTTP/1.1\r\nHost: x\r\n\r\n";
const OK = /HTTP\/1\.1 200 OK\r\n[^]*?\r\n\r\nBears, Lions, Tigers/g;

function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

Deno.test("keep-alive: one connection serves request after request", async () => {
  await using app = await serveApp();
  using client = await openClient(app.port);
  let text = "";
  for (let i = 1; i <= 3; i++) {
    await client.send(GET);
    text = await client.readUntil(new RegExp(`(Tigers[^]*){${i}}`));
    assert.equal(count(text, OK), i);
  }
  assert.doesNotMatch(text, /Connection:/); // HTTP/1.1 keeps it open
});

Deno.test("pipelining: requests sent together are answered in order", async () => {
  await using app = await serveApp();
  using client = await openClient(app.port);
  await client.send(
    GET + "GET /bears/2 HTTP/1.1\r\nHost: x\r\n\r\n" +
      "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  const text = await client.readUntil(/No \/nowhere here!/);
  const tigers = text.indexOf("Tigers");
  const smokey = text.indexOf("Is Smokey hibernating?");
  const nowhere = text.indexOf("No /nowhere here!");
  assert.ok(0 < tigers && tigers < smokey && smokey < nowhere);
  assert.equal(await client.closed(), true);
});

Deno.test("Content-Length: a body that arrives in several TCP reads is read in full", async () => {
  await using app = await serveApp();
  using client = await openClient(app.port);
  await client.send(
    "POST /bears HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n\r\nname=Bal",
  );
  await new Promise((r) => setTimeout(r, 20));
  await client.send("oo&type=Bro");
  await new Promise((r) => setTimeout(r, 20));
  await client.send("wn");
  assert.match(
    await client.readUntil(/!$/),
    /\r\n\r\nCreated a Brown bear named Baloo!$/,
  );
});

Deno.test("Connection: close and HTTP/1.0 end the connection after the response", async () => {
  await using app = await serveApp();
  for (
    const req of [
      "GET /wildthings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "GET /wildthings HTTP/1.0\r\n\r\n",
    ]
  ) {
    using client = await openClient(app.port);
    await client.send(req);
    assert.match(await client.readUntil(/Tigers/), /\r\nConnection: close\r\n/);
    assert.equal(await client.closed(), true);
  }
  using kept = await openClient(app.port);
  await kept.send("GET /wildthings HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  assert.match(
    await kept.readUntil(/Tigers/),
    /\r\nConnection: keep-alive\r\n/,
  );
});

/** The error response servy sends for bad input, then closes. */
function refusal(status: string, message: string): string {
  const length = new TextEncoder().encode(message).length;
  return `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${length}\r\nDate: <date>\r\nServer: servy\r\nConnection: close\r\n\r\n${message}`;
}

Deno.test("bad input gets a clear 4xx/5xx and the server keeps serving", async () => {
  await using app = await serveApp({ limits: { maxBodyBytes: 100 } });
  const cases: [string, string, string][] = [
    [
      "GARBAGE\r\n\r\n",
      "501 Not Implemented",
      "Method GARBAGE is not implemented",
    ],
    [
      "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n",
      "501 Not Implemented",
      "Method BREW is not implemented",
    ],
    [
      "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
      "505 HTTP Version Not Supported",
      "HTTP/2.0 is not supported",
    ],
    ["GET / HTTP/1.1\r\n\r\n", "400 Bad Request", "Missing Host header"],
    [
      "GET / HTTP/1.1\r\nHost x\r\n\r\n",
      "400 Bad Request",
      'Cannot parse header line "Host x"',
    ],
    [
      "POST /bears HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",
      "400 Bad Request",
      'Invalid Content-Length "ten"',
    ],
    [
      "POST /bears HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n",
      "413 Content Too Large",
      "The body is 101 bytes; the limit is 100",
    ],
    [
      "POST /bears HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
      "400 Bad Request",
      'Invalid Transfer-Encoding "gzip"',
    ],
    [
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(9000)}\r\n\r\n`,
      "431 Request Header Fields Too Large",
      "The request head is too large",
    ],
  ];
  for (const [req, status, message] of cases) {
    assert.equal(
      undated(await request(app.port, req)),
      refusal(status, message),
      req.slice(0, 40),
    );
  }
  assert.match(await request(app.port, GET), /Tigers$/);
  assert.equal(app.alive(app.server), true);
  assert.deepEqual(app.entries, []);
});

Deno.test("a header section that never ends is cut off at the limit with 431", async () => {
  await using app = await serveApp();
  using client = await openClient(app.port);
  await client.send(`GET / HTTP/1.1\r\n${"X-A: b\r\n".repeat(2000)}`);
  assert.match(await client.readUntil(/too large/), /^HTTP\/1\.1 431 /);
  assert.equal(await client.closed(), true);
});

Deno.test("slowloris: a stalled request gets 408 and an idle connection is closed, idleTimeoutMs after their last request, on the runtime clock", async () => {
  const clock = new ManualClock();
  const table = new ConnectionTable();
  await using app = await serveApp({ clock, verbose: true, table });
  using slow = await openClient(app.port);
  using idle = await openClient(app.port);
  await slow.send(GET + "GET /wildthings HTTP/1.1\r\nHost: x\r\n"); // and a half
  await idle.send(GET);
  // Each has its response, and now waits for its client.
  await app.printed(/Sent response/, 2);
  clock.advance(DEFAULT_LIMITS.idleTimeoutMs - 1);
  assert.equal(table.size, 2);
  clock.advance(1);
  assert.match(
    await slow.readUntil(/too long/),
    /Tigers\r?\n?HTTP\/1\.1 408 Request Timeout\r\n/,
  );
  assert.equal(await slow.closed(), true);
  await idle.readUntil(/Tigers/);
  assert.equal(await idle.closed(), true);
  assert.match(await request(app.port, GET), /Tigers$/);
});

Deno.test("a flood of connections: up to the cap they are served, beyond it answered 503 and closed", async () => {
  await using app = await serveApp({ limits: { maxConnections: 2 } });
  using a = await openClient(app.port);
  using b = await openClient(app.port);
  await a.send(GET);
  await b.send(GET);
  await a.readUntil(/Tigers/);
  await b.readUntil(/Tigers/);
  using c = await openClient(app.port);
  assert.match(
    await c.readUntil(/connections/),
    /^HTTP\/1\.1 503 Service Unavailable\r\n[^]*Too many connections$/,
  );
  assert.equal(await c.closed(), true);
  a[Symbol.dispose]();
  b[Symbol.dispose]();
  let served = "";
  for (let i = 0; i < 100 && !served.endsWith("Tigers"); i++) {
    served = await request(app.port, GET); // once a and b are gone
  }
  assert.match(served, /Tigers$/);
  assert.equal(app.alive(app.server), true);
});

Deno.test("a crash in one request closes only that connection", async () => {
  await using app = await serveApp();
  using kept = await openClient(app.port);
  await kept.send(GET);
  await kept.readUntil(/Tigers/);
  assert.match(
    await request(app.port, "GET /kaboom HTTP/1.1\r\nHost: x\r\n\r\n"),
    /^HTTP\/1\.1 500 /,
  );
  await kept.send(GET);
  assert.equal(count(await kept.readUntil(/(Tigers[^]*){2}/), OK), 2);
});

Deno.test("the listener closes when its process is killed, and the port can be bound again", async () => {
  await using app = await serveApp();
  const down = app.monitor(app.server);
  app.exit(app.server, "kill");
  assert.equal((await down).reason, "killed");
  assert.equal(await request(app.port, GET), "connection refused");
  const again = await serveAppOn(app, app.port);
  assert.match(await request(again, GET), /Tigers$/);
});

async function serveAppOn(
  app: Awaited<ReturnType<typeof serveApp>>,
  port: number,
): Promise<number> {
  const { start } = await import("../../lib/servy/http_server.ts");
  const listening = Promise.withResolvers<number>();
  app.spawn((self) =>
    start(self, {
      port,
      console: () => {},
      quiet: true,
      onListening: listening.resolve,
    })
  );
  return await listening.promise;
}

Deno.test("HEAD: the access log sees HEAD; the response has GET's headers and Content-Length, and no body", async () => {
  const logged: string[] = [];
  await using app = await serveApp({
    log: (conv: Conv) => logged.push(`${conv.method} ${conv.path}`),
  });
  using client = await openClient(app.port);
  await client.send(
    "HEAD /wildthings HTTP/1.1\r\nHost: x\r\n\r\n" +
      "GET /wildlife HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  );
  await client.readUntil(/Tigers$/);
  assert.equal(await client.closed(), true);
  const head =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\nDate: <date>\r\nServer: servy\r\n\r\n";
  assert.equal(
    undated(undated(await client.readUntil(/$/))),
    head +
      head.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n") +
      "Bears, Lions, Tigers",
  );
  assert.deepEqual(logged, ["HEAD /wildthings", "GET /wildthings"]);
});

Deno.test("Date: the header is the runtime clock's wall time", async () => {
  const clock = new ManualClock();
  await using app = await serveApp({ clock });
  assert.match(
    await request(app.port, GET),
    /\r\nDate: Thu, 01 Jan 2026 11:59:14 GMT\r\n/,
  );
  clock.advance(60_000);
  assert.match(
    await request(app.port, GET),
    /\r\nDate: Thu, 01 Jan 2026 12:00:14 GMT\r\n/,
  );
});

Deno.test("lingering close: a client uploading 10 MiB to a 1 MiB limit reads the whole 413 while it still sends", async () => {
  const table = new ConnectionTable();
  await using app = await serveApp({ clock: new ManualClock(), table });
  const conn = await connect(app.port);
  const encoder = new TextEncoder();
  const size = 10 * 1024 * 1024;
  const sending = (async () => {
    await conn.write(encoder.encode(
      `POST /bears HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`,
    ));
    const chunk = new Uint8Array(64 * 1024).fill(97);
    for (let sent = 0; sent < size;) sent += await conn.write(chunk);
  })().catch((e) => e); // a write error is the client's own affair
  let response = "";
  const buffer = new Uint8Array(4096);
  for (;;) {
    const n = await conn.read(buffer); // a reset would throw here
    if (n === null) break;
    response += new TextDecoder().decode(buffer.subarray(0, n));
  }
  assert.equal(
    undated(response),
    "HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 48\r\nDate: <date>\r\nServer: servy\r\nConnection: close\r\n\r\nThe body is 10485760 bytes; the limit is 1048576",
  );
  assert.equal(await sending, undefined); // all of it was taken and dropped
  conn.close();
  await table.drain(); // resolves once the connection has closed
});

Deno.test("shutdown: a request still in hand when the drain time is over gets 503 with Connection: close", async () => {
  const logged = Promise.withResolvers<void>();
  const table = new ConnectionTable();
  const app = await serveApp({
    clock: new ManualClock(),
    table,
    log: () => logged.resolve(),
  });
  using client = await openClient(app.port);
  await client.send("GET /hibernate/5000 HTTP/1.1\r\nHost: x\r\n\r\n");
  await logged.promise;
  void table.drain();
  await app[Symbol.asyncDispose](); // kills what is left
  assert.match(
    await client.readUntil(/down$/),
    /^HTTP\/1\.1 503 Service Unavailable\r\n[^]*\r\nConnection: close\r\n\r\nThe server is shutting down$/,
  );
  assert.equal(await client.closed(), true);
});
