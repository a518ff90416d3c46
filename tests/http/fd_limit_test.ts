import assert from "node:assert/strict";
import { connect, type Connection } from "../../lib/net/tcp_listener.ts";
import { socketCaps } from "../../lib/servy/http_server.ts";
import { fileDescriptorLimit, parseLimits } from "../../lib/sys/fd_limit.ts";
import { freePort } from "../_support.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = `${ROOT}main.ts`;
const EMFILE_SERVER = new URL("./_emfile_server.ts", import.meta.url).pathname;
/** Where the limit is read from /proc, as the children need. */
const LINUX = Deno.build.os === "linux";
const PERMISSIONS = ["--allow-net", "--allow-env", "--allow-read"];
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

/** `deno run ...args` under `ulimit -n limit`, its output gathered. */
function underUlimit(limit: number, args: string[]) {
  const child = new Deno.Command("bash", {
    args: [
      "-c",
      `ulimit -n ${limit}; exec "$0" "$@"`,
      Deno.execPath(),
      ...args,
    ],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = { out: "", err: "", exited: false };
  const changed = new EventTarget();
  const gather = async (
    stream: ReadableStream<Uint8Array>,
    key: "out" | "err",
  ) => {
    for await (const chunk of stream) {
      output[key] += decoder.decode(chunk);
      changed.dispatchEvent(new Event("data"));
    }
  };
  const gathered = Promise.all([
    gather(child.stdout, "out"),
    gather(child.stderr, "err"),
  ]);
  const status = child.status.then((s) => {
    output.exited = true;
    changed.dispatchEvent(new Event("data"));
    return s;
  });
  return Object.assign(output, {
    /** Waits until `key`'s text matches (or the child exits). */
    async until(key: "out" | "err", pattern: RegExp): Promise<string> {
      while (!pattern.test(output[key]) && !output.exited) {
        await new Promise((r) =>
          changed.addEventListener("data", r, { once: true })
        );
      }
      assert.match(output[key], pattern, output.err);
      return output[key];
    },
    /** Stops the child and waits for it and its output. */
    async stop(signal: Deno.Signal = "SIGKILL"): Promise<Deno.CommandStatus> {
      if (!output.exited) child.kill(signal);
      const s = await status;
      await gathered;
      return s;
    },
  });
}

/** Opens `n` connections one after another, so the server accepts them in order. */
async function openMany(port: number, n: number): Promise<Connection[]> {
  const conns: Connection[] = [];
  for (let i = 0; i < n; i++) conns.push(await connect(port));
  return conns;
}

/** Reads until the server closes. @returns all it sent */
async function readToEnd(conn: Connection): Promise<string> {
  const buffer = new Uint8Array(4096);
  let text = "";
  for (;;) {
    const n = await conn.read(buffer).catch(() => null);
    if (n === null) return text;
    text += decoder.decode(buffer.subarray(0, n));
  }
}

/** Sends a request on an open connection. @returns the response's first bytes */
async function ask(conn: Connection, path: string): Promise<string> {
  await conn.write(encoder.encode(GET(path)));
  const buffer = new Uint8Array(4096);
  const n = await conn.read(buffer);
  return n === null ? "" : decoder.decode(buffer.subarray(0, n));
}

/**
 * Closes every connection when asked, or when the watchdog fires first (a
 * connection left silent), so that the test fails instead of hanging.
 */
function closer(conns: Connection[], ms: number) {
  const closeAll = () => conns.splice(0).forEach((c) => c.close());
  const state = {
    fired: false,
    closeAll,
    [Symbol.dispose]: () => (clearTimeout(watchdog), closeAll()),
  };
  const watchdog = setTimeout(() => {
    state.fired = true;
    closeAll();
  }, ms);
  return state;
}

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern, "g"))?.length ?? 0;
}

Deno.test({
  name: "RLIMIT_NOFILE: the soft limit is read as `ulimit -n` shows it",
  ignore: Deno.build.os === "windows",
}, async () => {
  const shell = new Deno.Command("sh", { args: ["-c", "ulimit -n"] })
    .outputSync();
  const expected = decoder.decode(shell.stdout).trim();
  assert.equal(
    await fileDescriptorLimit(),
    expected === "unlimited" ? Infinity : Number(expected),
  );
});

Deno.test("RLIMIT_NOFILE: /proc/self/limits's soft column; unlimited is Infinity; junk is unknown", () => {
  const head =
    "Limit                     Soft Limit           Hard Limit           Units     \n";
  const line = (soft: string, hard: string) =>
    `${head}Max processes             63524                63524                processes \n` +
    `Max open files            ${soft.padEnd(21)}${
      hard.padEnd(21)
    }files     \n`;
  assert.equal(parseLimits(line("256", "1048576")), 256);
  assert.equal(parseLimits(line("unlimited", "unlimited")), Infinity);
  assert.equal(parseLimits(line("0x100", "1024")), undefined);
  assert.equal(parseLimits(line("-1", "1024")), undefined);
  assert.equal(parseLimits(head), undefined);
});

Deno.test("socketCaps: a reserve of max(32, 10%) for the runtime, a room of min(64, 10%) for the 503s", () => {
  assert.deepEqual(socketCaps(256, 10_000), { connections: 201, sockets: 224 });
  assert.deepEqual(socketCaps(1024, 10_000), {
    connections: 857,
    sockets: 921,
  });
  assert.deepEqual(socketCaps(1_048_576, 10_000), {
    connections: 10_000,
    sockets: 943_718,
  });
  assert.deepEqual(socketCaps(256, 100), { connections: 100, sockets: 224 });
  assert.deepEqual(socketCaps(Infinity, 100), {
    connections: 100,
    sockets: Infinity,
  });
  assert.deepEqual(socketCaps(undefined, 100), {
    connections: 100,
    sockets: Infinity,
  });
  assert.deepEqual(socketCaps(20, 100), { connections: 1, sockets: 1 });
});

Deno.test({
  name:
    "fd limit: under ulimit -n 256, servy serve serves 201 of 300 idle clients; the rest get 503 or a clean close; it keeps serving and never reaches EMFILE",
  ignore: !LINUX,
}, async () => {
  const port = freePort();
  const servy = underUlimit(256, [
    "run",
    ...PERMISSIONS,
    MAIN,
    "serve",
    "--port",
    String(port),
  ]);
  let status: Deno.CommandStatus;
  try {
    await servy.until("out", /Press Ctrl-C/);
    const conns = await openMany(port, 300);
    using all = closer(conns, 8000);
    const late = await Promise.all(conns.slice(201).map(readToEnd));
    assert.equal(all.fired, false, "a connection over the cap got no answer");
    const answered = late.filter((t) =>
      /^HTTP\/1\.1 503 [^]*connections$/.test(t)
    );
    const closed = late.filter((t) => t === "");
    assert.equal(answered.length + closed.length, 99);
    assert.ok(answered.length > 0);
    assert.match(await ask(conns[0], "/wildthings"), /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(await ask(conns[200], "/bears"), /^HTTP\/1\.1 200 OK\r\n/);
    all.closeAll();
    assert.match(await askAnew(port), /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(servy.exited, false);
  } finally {
    status = await servy.stop("SIGTERM");
  }
  assert.equal(status.code, 0, servy.err);
  assert.doesNotMatch(servy.err, /panicked|EMFILE/);
  assert.equal(
    count(
      servy.err,
      /\[warning\] Servy\.HttpServer #PID<[\d.]+> closes new connections unanswered: 224 sockets open/,
    ),
    1,
    servy.err,
  );
});

/** A request on a new connection, again until it is answered 200 (once the server has seen the old ones close). */
async function askAnew(port: number): Promise<string> {
  let answer = "";
  for (let i = 0; i < 100 && !/^HTTP\/1\.1 200 /.test(answer); i++) {
    const conn = await connect(port);
    using watch = closer([conn], 2000);
    answer = await ask(conn, "/wildthings").catch(() => "");
    assert.equal(watch.fired, false, "a new client got no answer");
  }
  return answer;
}

Deno.test({
  name:
    "fd limit: an accept that fails with EMFILE anyway is logged once and retried; the open connections are served, and accepting resumes once descriptors free",
  ignore: !LINUX,
}, async () => {
  const server = underUlimit(128, ["run", ...PERMISSIONS, EMFILE_SERVER]);
  let status: Deno.CommandStatus;
  try {
    const port = Number((await server.until("out", /^\d+\n/)).trim());
    const conns = await openMany(port, 150);
    using all = closer(conns, 8000);
    await server.until(
      "err",
      /cannot accept connections: out of file descriptors \(EMFILE\)/,
    );
    assert.match(await ask(conns[0], "/wildthings"), /^HTTP\/1\.1 200 OK\r\n/);
    for (const conn of conns.splice(0, 60)) conn.close();
    // The last one waited in the backlog; it is accepted once there is room.
    assert.match(await ask(conns.at(-1)!, "/bears"), /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(all.fired, false);
    all.closeAll();
    assert.match(await askAnew(port), /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(server.exited, false);
  } finally {
    status = await server.stop();
  }
  assert.equal(status.signal, "SIGKILL", server.err); // it ran until killed
  assert.doesNotMatch(server.err, /panicked/);
  assert.equal(
    count(server.err, /\[warning\] .* cannot accept connections/),
    1,
    server.err,
  );
});
