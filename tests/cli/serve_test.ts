import assert from "node:assert/strict";
import { main } from "../../lib/cli/mod.ts";
import { request } from "../../lib/http/client.ts";
import { listen } from "../../lib/net/tcp_listener.ts";
import { freePort } from "../_support.ts";
import { capture, servy } from "./_cli.ts";

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

async function listening(read: () => string): Promise<void> {
  for (let i = 0; i < 500 && !read().includes("Press Ctrl-C"); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

Deno.test("servy serve: runs the app, logs one line per request, and on SIGTERM finishes the request in flight and exits 0", async () => {
  const port = freePort();
  const child = servy(["serve", "--port", String(port)]).spawn();
  let out = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of child.stdout) out += decoder.decode(chunk);
  })();
  const errors = new Response(child.stderr).text();
  await listening(() => out);
  assert.match(await request(port, GET("/bears/2")), /Is Smokey hibernating\?/);
  const inFlight = request(port, GET("/hibernate/500"));
  await new Promise((r) => setTimeout(r, 100));
  child.kill("SIGTERM");
  assert.match(
    await inFlight,
    /^HTTP\/1\.1 200 OK\r\n[^]*\r\nConnection: close\r\n\r\nAwake!$/,
  );
  const status = await child.status;
  await reading;
  assert.equal(status.code, 0, await errors);
  assert.match(out, /^\d\d:\d\d:\d\d\.\d{3} \[info\] GET \/bears\/2$/m);
  assert.match(
    out,
    /SIGTERM: no new connections; finishing 1 open\.\.\.\nAll connections closed\. Bye!\n$/,
  );
  assert.equal(await request(port, GET("/wildthings")), "connection refused");
});

Deno.test("servy serve: the whole app answers under KickStarter, and a Ctrl-C stops it (in process)", async () => {
  const p = capture();
  const port = freePort();
  const exit = main(
    ["serve", "--port", String(port), "--verbose", "--tree"],
    p,
  );
  await listening(() => p.out);
  assert.match(
    await request(port, GET("/pledges")),
    /\[\{"wilma", 15\}, \{"fred", 25\}\]$/,
  );
  assert.match(
    p.out,
    /⚡️ {2}Connection accepted!\n\n[^]*^#PID<0\.\d+\.0>: Working on it!\n[^]*➡️ {2}Received request:\n\nGET \/pledges HTTP\/1\.1/m,
  );
  assert.match(p.out, /^Servy\.Supervisor #PID<0\.\d+\.0> supervisor/m);
  // The course's start-up lines, in the order its supervisors start.
  assert.deepEqual(p.out.match(/^Starting .*$/gm)?.slice(0, 5), [
    "Starting THE supervisor...",
    "Starting the kickstarter",
    "Starting the HTTP server...",
    "Starting the services supervisor...",
    "Starting the pledge server...",
  ]);
  assert.match(p.out, /🎧 {2}Listening for connection requests on port \d+/);
  assert.match(
    p.out,
    /^Starting the pledge server\.\.\.\nRunning tasks to get sensor data\.\.\.$/m,
  );
  p.signal("SIGINT");
  assert.equal(await exit, 0);
  assert.match(p.out, /SIGINT: no new connections/);
});

Deno.test("servy tree: draws the live supervision tree with pids, names, restart counts and mailboxes", async () => {
  const p = capture();
  assert.equal(await main(["tree", "--port", String(freePort())], p), 0, p.err);
  const lines = p.out.trimEnd().split("\n");
  const pid = "#PID<0\\.\\d+\\.0>";
  const expected = [
    `^Servy\\.Supervisor ${pid} supervisor, mailbox 0$`,
    `^├── Servy\\.KickStarter ${pid} worker, mailbox 0, restarts 0$`,
    `^│   └── http_server ${pid} linked, mailbox 0, owns #Port<0\\.\\d+>$`,
    `^└── Servy\\.ServicesSupervisor ${pid} supervisor, mailbox 0, restarts 0$`,
    `^    ├── pledge_server ${pid} worker, mailbox 0, restarts 0$`,
    `^    ├── sensor_server ${pid} worker, mailbox 0, restarts 0$`,
  ];
  expected.forEach((re, i) => assert.match(lines[i], new RegExp(re)));
  assert.match(
    lines.at(-1)!,
    new RegExp(`^    └── four_oh_four_counter ${pid} worker`),
  );
});

Deno.test("servy serve: a busy port is a clear error and exit 1", async () => {
  const taken = await listen(0);
  try {
    const p = capture();
    assert.equal(await main(["serve", "--port", String(taken.port)], p), 1);
    assert.match(p.err, /the port is already in use/);
  } finally {
    taken.close();
  }
});
