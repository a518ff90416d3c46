import assert from "node:assert/strict";
import { request } from "../../lib/http/client.ts";
import type { ProcessJson } from "../../lib/observer/mod.ts";
import { ask, bodyOf, type Served, serveWithObserver } from "./_observer.ts";

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withServe(f: (s: Served) => Promise<void>): Promise<void> {
  const s = await serveWithObserver();
  try {
    await f(s);
  } finally {
    assert.equal(await s.stop(), 0);
  }
}

function exitBody(pid: string | number, reason: unknown): string {
  return JSON.stringify({ pid, reason });
}

async function snapshotOf(s: Served): Promise<ProcessJson[]> {
  return JSON.parse(bodyOf(await ask(s, "GET /api/snapshot HTTP/1.1")));
}

Deno.test("observer: the snapshot draws the app's tree, not the observer's own processes", async () => {
  await withServe(async (s) => {
    const list = await snapshotOf(s);
    const by = (name: string) => list.find((p) => p.name === name)!;
    assert.equal(by("Servy.Supervisor").kind, "supervisor");
    assert.equal(by("Servy.KickStarter").parent, by("Servy.Supervisor").pid);
    assert.equal(by("Servy.KickStarter").childId, "Servy.KickStarter");
    assert.equal(by("http_server").parent, by("Servy.KickStarter").pid);
    assert.ok(by("http_server").links.some((l) => l.startsWith("#Port<")));
    assert.equal(
      by("pledge_server").parent,
      by("Servy.ServicesSupervisor").pid,
    );
    // The observer's listener is spawned first (#PID<0.100.0>): not shown.
    assert.ok(!list.some((p) => p.pid === "#PID<0.100.0>"));
  });
});

Deno.test("observer: POST /api/exit with the token kills; KickStarter starts a new HttpServer", async () => {
  await withServe(async (s) => {
    const old = (await snapshotOf(s)).find((p) => p.name === "http_server")!;
    const answer = await ask(
      s,
      `POST /api/exit HTTP/1.1\r\nX-Observer-Token: ${s.token}`,
      exitBody(old.pid, "kaboom"),
    );
    assert.match(answer, /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(
      JSON.parse(bodyOf(answer)).line,
      `Process.exit(${old.pid}, :kaboom)`,
    );
    let fresh: ProcessJson | undefined;
    for (let i = 0; i < 200 && fresh === undefined; i++) {
      fresh = (await snapshotOf(s)).find((p) =>
        p.name === "http_server" && p.pid !== old.pid
      );
    }
    assert.ok(fresh, "a new http_server");
    // Registered before it listens, as the lesson's HttpServer is: the
    // port answers once the new server has bound it.
    let answered = "";
    for (let i = 0; i < 200 && !answered.startsWith("HTTP/"); i++) {
      answered = await request(
        s.appPort,
        "GET /wildthings HTTP/1.1\r\nHost: x\r\n\r\n",
      );
      if (!answered.startsWith("HTTP/")) await delay(5);
    }
    assert.match(answered, /Bears, Lions, Tigers$/);
  });
});

Deno.test("observer: control endpoints refuse a missing or wrong token, a foreign Origin, GET, bad JSON, a non-atom reason and unknown pids", async () => {
  await withServe(async (s) => {
    const pid = (await snapshotOf(s)).find((p) => p.name === "http_server")!
      .pid;
    const body = exitBody(pid, "kaboom");
    const tok = `X-Observer-Token: ${s.token}`;
    const cases: [string, string, RegExp][] = [
      ["POST /api/exit HTTP/1.1", body, /^HTTP\/1\.1 403 /],
      [
        "POST /api/exit HTTP/1.1\r\nX-Observer-Token: nope",
        body,
        /^HTTP\/1\.1 403 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\nX-Observer-Token: ${s.token}x`,
        body,
        /^HTTP\/1\.1 403 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}\r\nOrigin: http://evil.example`,
        body,
        /^HTTP\/1\.1 403 /,
      ],
      [
        `GET /api/exit HTTP/1.1\r\n${tok}`,
        "",
        /^HTTP\/1\.1 405 [^]*\r\nAllow: POST\r\n/,
      ],
      [`PUT /api/send HTTP/1.1\r\n${tok}`, body, /^HTTP\/1\.1 405 /],
      [`POST /api/exit HTTP/1.1\r\n${tok}`, "{not json", /^HTTP\/1\.1 400 /],
      [`POST /api/exit HTTP/1.1\r\n${tok}`, "[1]", /^HTTP\/1\.1 404 /],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}`,
        exitBody(pid, "Kaboom!"),
        /^HTTP\/1\.1 400 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}`,
        exitBody(pid, { error: 1 }),
        /^HTTP\/1\.1 400 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}`,
        exitBody("#PID<0.99999.0>", "kill"),
        /^HTTP\/1\.1 404 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}`,
        exitBody("#PID<0.100.0>", "kill"),
        /^HTTP\/1\.1 404 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}`,
        exitBody("pid", "kill"),
        /^HTTP\/1\.1 404 /,
      ],
      [
        `POST /api/send HTTP/1.1\r\n${tok}`,
        JSON.stringify({ pid, message: 7 }),
        /^HTTP\/1\.1 400 /,
      ],
      [
        `POST /api/exit HTTP/1.1\r\n${tok}`,
        "x".repeat(17 * 1024),
        /^HTTP\/1\.1 413 /,
      ],
    ];
    for (const [head, b, expected] of cases) {
      assert.match(
        await ask(s, head, b),
        expected,
        `${head}\n${b.slice(0, 60)}`,
      );
    }
    // None of them killed it.
    const after = (await snapshotOf(s)).find((p) => p.name === "http_server")!;
    assert.equal(after.pid, pid);
  });
});

Deno.test("observer: another Host is refused (DNS rebinding), unknown paths 404, bad requests 400", async () => {
  await withServe(async (s) => {
    assert.match(
      await ask(s, "GET /api/snapshot HTTP/1.1\r\nHost: evil.example"),
      /^HTTP\/1\.1 403 /,
    );
    assert.match(await ask(s, "GET /nope HTTP/1.1"), /^HTTP\/1\.1 404 /);
    assert.match(
      await ask(s, "GET /api/process/99999 HTTP/1.1"),
      /^HTTP\/1\.1 404 /,
    );
    assert.match(
      await ask(s, "GET /api/process/1e3 HTTP/1.1"),
      /^HTTP\/1\.1 404 /,
    );
    assert.match(
      await request(s.observerPort, "GARBAGE / HTTP/1.1\r\n\r\n"),
      /^HTTP\/1\.1 501 /,
    );
    assert.match(
      await request(s.observerPort, "GET /\r\n\r\n"),
      /^HTTP\/1\.1 400 /,
    );
    const page = await ask(s, "GET / HTTP/1.1");
    assert.match(page, /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/html/);
    assert.match(bodyOf(page), /<script src="\/observer\.js">/);
    assert.equal(bodyOf(await ask(s, "HEAD /observer.js HTTP/1.1")), "");
  });
});

Deno.test("observer: POST /api/send delivers a JSON message, or the text as an atom", async () => {
  await withServe(async (s) => {
    const kick = (await snapshotOf(s)).find((p) =>
      p.name === "Servy.KickStarter"
    )!;
    const send = (message: string) =>
      ask(
        s,
        `POST /api/send HTTP/1.1\r\nX-Observer-Token: ${s.token}`,
        JSON.stringify({ pid: kick.pid, message }),
      );
    assert.equal(
      JSON.parse(bodyOf(await send('{"type":"ping"}'))).line,
      `send(${kick.pid}, {:ping})`,
    );
    assert.equal(
      JSON.parse(bodyOf(await send("hello"))).line,
      `send(${kick.pid}, "hello")`,
    );
  });
});
