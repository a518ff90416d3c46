/**
 * Differential test of servy's request parser against llhttp, Node's
 * parser, in strict mode (issue 10). Every stream of the corpus
 * (_request_fuzz.ts: the issue's inputs, then a few thousand seeded,
 * generated and mutated ones) goes to `RequestReader` in memory and, over
 * TCP, to a `node:http` server (_llhttp_peer.mjs) in a child process. Each
 * side's verdict is the list of requests it accepted, then how the stream
 * ended: `clean` (the client closed between requests), `close` (a request
 * asked for it: nothing after it is read), or `error`.
 *
 * With S servy's list and L llhttp's, a stream fails when:
 *
 * 1. S and L differ in a request both accepted (method, path, query,
 *    version, headers, body after chunked decoding);
 * 2. S is longer than L: servy accepted a request llhttp rejected, or saw
 *    more requests in the stream (smuggling);
 * 3. S and L are as long, and servy ended `clean` where llhttp errored;
 * 4. servy's verdict changes when the same bytes arrive in other pieces;
 * 5. servy throws something that is not an `HttpError`.
 *
 * S shorter than L (servy stricter) passes, and is counted and shown.
 * llhttp's verdict gets RFC 9112 §3.2's Host rule (no Host in HTTP/1.1, or
 * two Host lines: 400), which Node applies outside llhttp. The intended
 * differences are {@linkcode ALLOWED}; the one-leading-empty-line rule of
 * RFC 9112 §2.2 needs no entry (llhttp skips any number of empty lines, so
 * servy is only ever stricter there).
 *
 * `SERVY_FUZZ_SEED` replays a seed, `SERVY_FUZZ_STREAMS` sets how many
 * streams are generated.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  type Conv,
  DEFAULT_LIMITS,
  HttpError,
  RequestReader,
} from "../../lib/http/mod.ts";
import {
  bytesOf,
  fixedCases,
  type FuzzCase,
  generateStream,
  int,
  mulberry32,
  type Rng,
  textOf,
} from "./_request_fuzz.ts";

const DEFAULT_SEED = 0x5e4f1;
const DEFAULT_STREAMS = 3000;
const WIDTH = 24; // connections to the peer at a time
const SHOWN = 10;
const GUARD_MS = 10_000; // one stream's round trip, at most

/** One request, as one side parsed it. */
interface Parsed {
  method: string;
  path: string;
  query: string;
  version: string;
  headers: Map<string, string>;
  body: string;
  /** servy's request text as received (`RequestReader.raw`). */
  raw?: string;
}

/** What one side made of a stream. */
interface Verdict {
  requests: Parsed[];
  end: "clean" | "close" | "error" | "crash";
  /** servy: status and message; llhttp: the `HPE_*` code. */
  detail: string;
}

// ---------------------------------------------------------------------------
// servy

/** A source that hands out `bytes` in the pieces `split` draws, then ends. */
function source(bytes: Uint8Array, split?: Rng) {
  let at = 0;
  const sizes = [1, 1, 2, 3, 5, 8, 13, 64, 512, 4096];
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      const want = split ? sizes[int(split, sizes.length)] : bytes.length;
      const n = Math.min(want, buffer.length, bytes.length - at);
      buffer.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

/**
 * Whether servy's connection reads another request after this one (RFC
 * 9112 §9.3): not after a `close` option, and after HTTP/1.0 only with
 * `keep-alive`. Options are tokens here; servy's connection matching them
 * as substrings closes in more cases, never in fewer, so this can only make
 * servy read more than it does. HTTP/1.0 with Transfer-Encoding is not
 * special-cased: RFC 9112 §6.1 has servy close after it, and llhttp does.
 */
function persistent(conv: Conv): boolean {
  const options = (conv.headers.connection ?? "").toLowerCase().split(",")
    .map((t) => t.trim());
  if (options.includes("close")) return false;
  return conv.version !== "HTTP/1.0" || options.includes("keep-alive");
}

async function servyVerdict(bytes: Uint8Array, split?: Rng): Promise<Verdict> {
  const reader = new RequestReader(source(bytes, split), DEFAULT_LIMITS);
  const requests: Parsed[] = [];
  for (;;) {
    let conv: Conv | undefined;
    try {
      conv = await reader.next(true);
    } catch (e) {
      const end = e instanceof HttpError ? "error" : "crash";
      const detail = e instanceof HttpError
        ? `${e.status} ${e.message}`
        : String(e);
      return { requests, end, detail };
    }
    if (conv === undefined) return { requests, end: "clean", detail: "" };
    requests.push({
      method: conv.method,
      path: conv.path,
      query: conv.query,
      version: conv.version,
      headers: new Map(Object.entries(conv.headers)),
      body: conv.body,
      raw: reader.raw,
    });
    if (!persistent(conv)) return { requests, end: "close", detail: "" };
  }
}

// ---------------------------------------------------------------------------
// llhttp, in the child process

interface PeerRequest {
  method: string;
  url: string; // base64 bytes, as are the header names and values
  version: string;
  headers: [string, string][];
  trailers: string[];
  body: string;
  complete: boolean;
  keepAlive: boolean;
}

interface PeerRecord {
  port: number;
  requests: PeerRequest[];
  error: string | null;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true }); // keep what servy keeps
const text = (b64: string) => utf8.decode(bytesOf(atob(b64)));

/**
 * The intended differences, each the RFC's word. Entry 1 explains a stream
 * where servy reads on past llhttp's error; entry 2 is how targets are
 * compared.
 */
const ALLOWED = [
  {
    rule: "RFC 9110 §2.5: HTTP/1.x with x ≥ 2 is served as HTTP/1.1",
    explains(s: Verdict, l: Verdict): boolean {
      const next = s.requests[l.requests.length];
      if (next === undefined || next.version !== "HTTP/1.1") return false;
      const line = (next.raw ?? "").replace(/^(\r?\n)+/, "").split(/\r?\n/)[0];
      return l.end === "error" && l.detail === "HPE_INVALID_VERSION" &&
        / HTTP\/1\.[2-9]$/.test(line);
    },
  },
  {
    rule:
      "RFC 9112 §3.2.2: absolute-form is accepted; its path and query are the target, and its authority replaces Host",
    /** @returns the origin-form of an absolute-form target, or undefined */
    originForm(url: string): string | undefined {
      const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
      if (m === null) return undefined;
      const rest = url.slice(m[0].length);
      return rest.startsWith("/") ? rest : `/${rest}`;
    },
  },
] as const;

function fromPeer(r: PeerRequest): Parsed {
  const url = text(r.url);
  const target = ALLOWED[1].originForm(url) ?? url;
  const q = target.indexOf("?");
  const headers = new Map<string, string>();
  for (const [n, v] of r.headers) {
    const name = text(n).toLowerCase();
    const value = text(v).replace(/^[ \t]+|[ \t]+$/g, "");
    const seen = headers.get(name);
    headers.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  const trailers = new Set(r.trailers.map((n) => text(n).toLowerCase()));
  // servy may keep trailers with the headers; they are not compared.
  for (const name of trailers) headers.set(name, "(trailer)");
  if (target !== url) headers.set("host", "(absolute-form)");
  return {
    method: r.method,
    path: q === -1 ? target : target.slice(0, q),
    query: q === -1 ? "" : target.slice(q + 1),
    version: `HTTP/${r.version}`,
    headers,
    body: text(r.body),
  };
}

function hostLines(r: PeerRequest): number {
  return r.headers.filter(([n]) => text(n).toLowerCase() === "host").length;
}

/** llhttp's verdict, with Node's keep-alive and RFC 9112 §3.2's Host rule. */
function llhttpVerdict(record: PeerRecord): Verdict {
  const requests: Parsed[] = [];
  for (const r of record.requests) {
    if (!r.complete) break;
    const hosts = hostLines(r);
    if (hosts > 1 || (hosts === 0 && r.version === "1.1")) {
      return {
        requests,
        end: "error",
        detail: `RFC 9112 §3.2: ${hosts} Host lines`,
      };
    }
    requests.push(fromPeer(r));
    if (!r.keepAlive) return { requests, end: "close", detail: "" };
  }
  return record.error === null
    ? { requests, end: "clean", detail: "" }
    : { requests, end: "error", detail: record.error };
}

/** The `node:http` server of _llhttp_peer.mjs, and the verdicts it prints. */
class LlhttpPeer implements AsyncDisposable {
  #records = new Map<number, PeerRecord>();
  #waiters = new Map<number, PromiseWithResolvers<PeerRecord>>();
  #reading: Promise<void>;
  #failed: string | undefined;

  private constructor(
    readonly child: Deno.ChildProcess,
    lines: ReadableStreamDefaultReader<string>,
    readonly info: { port: number; node: string; llhttp: string },
  ) {
    this.#reading = this.#read(lines);
  }

  /** @returns the peer, listening */
  static async start(): Promise<LlhttpPeer> {
    const script = new URL("./_llhttp_peer.mjs", import.meta.url).pathname;
    const child = new Deno.Command("node", {
      args: ["--no-insecure-http-parser", script],
      env: { NODE_OPTIONS: "" },
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream())
      .pipeThrough(splitLines()).getReader();
    const first = await lines.read();
    if (first.done) {
      await child.stdin.close();
      await child.status;
      throw new Error("Cannot start the llhttp peer: it printed nothing");
    }
    return new LlhttpPeer(child, lines, JSON.parse(first.value));
  }

  async #read(lines: ReadableStreamDefaultReader<string>): Promise<void> {
    for (let r = await lines.read(); !r.done; r = await lines.read()) {
      const record: PeerRecord = JSON.parse(r.value);
      const waiter = this.#waiters.get(record.port);
      this.#waiters.delete(record.port);
      if (waiter) waiter.resolve(record);
      else this.#records.set(record.port, record);
    }
    this.#failed = "The llhttp peer exited";
    for (const waiter of this.#waiters.values()) {
      waiter.reject(new Error(this.#failed));
    }
  }

  /**
   * @param port the client's port of a connection
   * @returns what the peer parsed on it, once it has closed
   */
  record(port: number): Promise<PeerRecord> {
    const ready = this.#records.get(port);
    this.#records.delete(port);
    if (ready) return Promise.resolve(ready);
    if (this.#failed) return Promise.reject(new Error(this.#failed));
    const waiter = Promise.withResolvers<PeerRecord>();
    this.#waiters.set(port, waiter);
    return waiter.promise;
  }

  /**
   * Sends `bytes` on a fresh connection, half-closes, reads to the end.
   * A guard (not a wait: the peer always closes first) ends a connection
   * the peer keeps open, so that a harness bug fails instead of hanging.
   */
  async verdict(bytes: Uint8Array): Promise<Verdict> {
    const { port } = this.info;
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    let stuck = false;
    const guard = setTimeout(() => {
      stuck = true;
      conn.close(); // the peer sees the close, and prints its record
    }, GUARD_MS);
    try {
      const record = this.record((conn.localAddr as Deno.NetAddr).port);
      record.catch(() => {}); // awaited below; the peer may exit meanwhile
      try {
        for (let at = 0; at < bytes.length;) {
          at += await conn.write(bytes.subarray(at));
        }
        await conn.closeWrite();
      } catch {
        // the peer destroyed the socket on a parse error
      }
      const sink = new Uint8Array(16384);
      try {
        while (await conn.read(sink) !== null);
      } catch {
        // reset by the peer's destroy
      }
      const verdict = llhttpVerdict(await record);
      if (stuck) {
        throw new Error(`The llhttp peer kept ${escape(bytes)} open`);
      }
      return verdict;
    } finally {
      clearTimeout(guard);
      if (!stuck) conn.close();
    }
  }

  /** Closes the peer's stdin, on which it exits; kills it if it does not. */
  async [Symbol.asyncDispose](): Promise<void> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    try {
      await this.child.stdin.close();
      await this.#reading;
      await this.child.status;
    } finally {
      clearTimeout(timer);
    }
  }
}

function splitLines(): TransformStream<string, string> {
  let rest = "";
  return new TransformStream({
    transform(chunk, out) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) if (line !== "") out.enqueue(line);
    },
  });
}

// ---------------------------------------------------------------------------
// The rule

/** How one stream came out. */
interface Judgement {
  kind: "agree" | "stricter" | "allowed" | "fail";
  /** What happened, without the stream's particulars (for counting). */
  category: string;
  /** The particulars: which request, and both sides' values. */
  detail?: string;
}

/** @returns the first field where the parses differ, and both values */
function differs(
  s: Parsed,
  l: Parsed,
): [string, string | undefined, string | undefined] | undefined {
  for (const field of ["method", "path", "query", "version", "body"] as const) {
    if (s[field] !== l[field]) return [field, s[field], l[field]];
  }
  const names = new Set([...s.headers.keys(), ...l.headers.keys()]);
  for (const name of names) {
    const theirs = l.headers.get(name);
    if (theirs === "(trailer)" || theirs === "(absolute-form)") continue;
    const ours = s.headers.get(name);
    if (ours !== theirs) return [`header ${name}`, ours, theirs];
  }
  return undefined;
}

/**
 * The rule of the module doc.
 *
 * @param s servy's verdict (with the whole stream in one read)
 * @param l llhttp's verdict
 * @param split servy's verdict with the stream in random pieces
 * @returns the judgement
 */
function judge(s: Verdict, l: Verdict, split: Verdict = s): Judgement {
  const fail = (category: string): Judgement => ({ kind: "fail", category });
  if (s.end === "crash" || split.end === "crash") {
    return fail("servy threw a non-HttpError");
  }
  if (
    s.end !== split.end ||
    s.detail.split(" ")[0] !== split.detail.split(" ")[0] ||
    s.requests.length !== split.requests.length ||
    s.requests.some((r, i) => differs(r, split.requests[i]) !== undefined)
  ) return fail("servy's verdict depends on how the bytes arrive");
  const n = Math.min(s.requests.length, l.requests.length);
  for (let i = 0; i < n; i++) {
    const diff = differs(s.requests[i], l.requests[i]);
    if (diff) {
      const [field, ours, theirs] = diff.map(show);
      return {
        kind: "fail",
        category: `parsed differently: ${diff[0]}`,
        detail:
          `request ${i}: ${field} is ${ours} for servy, ${theirs} for llhttp`,
      };
    }
  }
  if (s.requests.length > l.requests.length) {
    const allowed = ALLOWED[0];
    if (allowed.explains(s, l)) {
      return { kind: "allowed", category: allowed.rule };
    }
    return fail(
      l.end === "error"
        ? `servy accepted what llhttp rejects: ${l.detail}`
        : `servy saw more requests (llhttp: ${l.end})`,
    );
  }
  const servyStatus = s.detail.split(" ")[0];
  if (s.requests.length < l.requests.length) {
    return {
      kind: "stricter",
      category: `servy ${servyStatus || s.end}, llhttp accepted`,
    };
  }
  if (s.end === "clean" && l.end === "error") {
    return fail(`servy ended cleanly where llhttp failed: ${l.detail}`);
  }
  if (s.end === "error" && l.end !== "error") {
    return {
      kind: "stricter",
      category: `servy ${servyStatus}, llhttp ${l.end}`,
    };
  }
  return { kind: "agree", category: "agree" };
}

// ---------------------------------------------------------------------------
// The run and its report

/** JSON, with every byte outside printable ASCII as `\u00XX`. */
function escape(bytes: Uint8Array): string {
  const named: Record<string, string> = {
    "\r": "\\r",
    "\n": "\\n",
    "\t": "\\t",
    '"': '\\"',
    "\\": "\\\\",
  };
  return `"${
    textOf(bytes).replace(
      // deno-lint-ignore no-control-regex -- control bytes are what it escapes
      /[\x00-\x1f\x7f-\xff"\\]/g,
      (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    )
  }"`;
}

/** JSON, with every char outside printable ASCII as `\uXXXX`. */
function show(value: string | undefined): string {
  return (JSON.stringify(value) ?? "undefined").replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function describe(v: Verdict): string {
  const requests = v.requests.map((r) => {
    const target = show(r.path + (r.query ? `?${r.query}` : ""));
    return `${r.method} ${target} ${r.version}` +
      (r.body ? ` +${r.body.length}` : "");
  });
  return `${v.requests.length} [${requests.join(", ")}], then ${v.end}` +
    (v.detail ? ` (${v.detail})` : "");
}

interface Outcome {
  c: FuzzCase;
  s: Verdict;
  l: Verdict;
  judgement: Judgement;
}

function tally(outcomes: Outcome[]): string[] {
  const counts = new Map<string, number>();
  for (const { judgement: { category } } of outcomes) {
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])
    .map(([category, n]) => `    ${String(n).padStart(5)}  ${category}`);
}

function example({ c, s, l, judgement }: Outcome): string {
  return [
    `  - ${c.name}`,
    `    why:    ${judgement.category}`,
    ...(judgement.detail ? [`            ${judgement.detail}`] : []),
    `    bytes:  ${escape(c.bytes)}`,
    `    servy:  ${describe(s)}`,
    `    llhttp: ${describe(l)}`,
  ].join("\n");
}

function report(outcomes: Outcome[], heading: string): string {
  const of = (kind: Judgement["kind"]) =>
    outcomes.filter((o) => o.judgement.kind === kind);
  const lines = [heading];
  const kinds = [
    ["agree", "agree"],
    ["stricter", "servy stricter (passes)"],
    ["allowed", "allowed (RFC)"],
    ["fail", "FAIL"],
  ] as const;
  for (const [kind, title] of kinds) {
    const some = of(kind);
    lines.push(`  ${title}: ${some.length}`);
    if (kind !== "agree") lines.push(...tally(some));
  }
  const failed = of("fail");
  const stricter = of("stricter");
  if (failed.length > 0) {
    lines.push("first failures (\\u00XX is the byte 0xXX):");
    lines.push(...failed.slice(0, SHOWN).map(example));
  }
  if (stricter.length > 0) {
    lines.push("first streams where servy is stricter:");
    lines.push(...stricter.slice(0, 3).map(example));
  }
  return lines.join("\n");
}

async function pool<T, R>(
  items: T[],
  width: number,
  f: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i], i);
    }
  };
  // Every worker ends before a failure is thrown: no connection outlives it.
  const ends = await Promise.allSettled(Array.from({ length: width }, worker));
  for (const end of ends) if (end.status === "rejected") throw end.reason;
  return results;
}

async function run(
  peer: LlhttpPeer,
  cases: FuzzCase[],
  seed: number,
): Promise<Outcome[]> {
  return await pool(cases, WIDTH, async (c, i) => {
    const l = await peer.verdict(c.bytes);
    const s = await servyVerdict(c.bytes);
    const split = await servyVerdict(
      c.bytes,
      mulberry32(seed ^ Math.imul(i + 1, 0x9e3779b1)),
    );
    return { c, s, l, judgement: judge(s, l, split) };
  });
}

Deno.test("differential (RFC 9112): servy accepts no request llhttp strict rejects, and splits every stream into the requests llhttp sees", async () => {
  const seed = Number(Deno.env.get("SERVY_FUZZ_SEED") ?? DEFAULT_SEED) >>> 0;
  const streams = Number(Deno.env.get("SERVY_FUZZ_STREAMS") ?? DEFAULT_STREAMS);
  const rng = mulberry32(seed);
  const fixed = fixedCases();
  const cases = [
    ...fixed,
    ...Array.from({ length: streams }, (_, i) => generateStream(rng, i)),
  ];
  await using peer = await LlhttpPeer.start();
  const started = performance.now();
  const outcomes = await run(peer, cases, seed);
  const ms = Math.round(performance.now() - started);
  const { llhttp, node } = peer.info;
  console.log(report(
    outcomes,
    `differential vs llhttp ${llhttp} (node ${node}, strict): ` +
      `SERVY_FUZZ_SEED=${seed}, ${cases.length} streams ` +
      `(${fixed.length} fixed), ${ms} ms`,
  ));
  const failed = outcomes.filter((o) => o.judgement.kind === "fail").length;
  assert.equal(failed, 0, `${failed} streams diverge; see the report above`);
});

Deno.test("differential rule: servy accepting more than llhttp fails; servy stricter passes; HTTP/1.2 is allowed (RFC 9110 §2.5)", () => {
  const req = (over: Partial<Parsed> = {}): Parsed => ({
    method: "GET",
    path: "/",
    query: "",
    version: "HTTP/1.1",
    headers: new Map([["host", "a"]]),
    body: "",
    ...over,
  });
  const v = (requests: Parsed[], end: Verdict["end"], detail = "") => ({
    requests,
    end,
    detail,
  });
  const kind = (s: Verdict, l: Verdict, split?: Verdict) =>
    judge(s, l, split).category;
  const two = v([req(), req()], "clean");
  assert.equal(
    kind(two, v([req()], "error", "HPE_CR_EXPECTED")),
    "servy accepted what llhttp rejects: HPE_CR_EXPECTED",
  );
  assert.equal(
    kind(two, v([req()], "clean")),
    "servy saw more requests (llhttp: clean)",
  );
  assert.equal(
    kind(v([req()], "clean"), v([req()], "error", "HPE_INVALID_EOF_STATE")),
    "servy ended cleanly where llhttp failed: HPE_INVALID_EOF_STATE",
  );
  assert.equal(
    kind(v([req({ body: "a" })], "clean"), v([req({ body: "b" })], "clean")),
    "parsed differently: body",
  );
  assert.equal(
    kind(v([req()], "clean"), v([req({ headers: new Map() })], "clean")),
    "parsed differently: header host",
  );
  assert.equal(
    kind(two, two, v([req()], "error", "400 Bad")),
    "servy's verdict depends on how the bytes arrive",
  );
  assert.equal(
    kind(v([], "crash", "TypeError: x"), v([], "error", "HPE_STRICT")),
    "servy threw a non-HttpError",
  );
  assert.equal(judge(v([req()], "error", "400 Bad"), two).kind, "stricter");
  assert.equal(judge(v([], "error", "400 Bad"), v([], "error")).kind, "agree");
  const v12 = (raw: string) => v([req({ raw })], "clean");
  const invalidVersion = v([], "error", "HPE_INVALID_VERSION");
  assert.equal(
    judge(v12("GET / HTTP/1.2\r\nHost: a"), invalidVersion).kind,
    "allowed",
  );
  assert.equal(
    judge(v12("GET / HTTP/1.1\r\nHost: a"), invalidVersion).kind,
    "fail",
  );
});

Deno.test("differential harness: llhttp's verdicts on known streams are Node's, with RFC 9112 §3.2's Host rule", async () => {
  await using peer = await LlhttpPeer.start();
  const verdict = (text: string) => peer.verdict(bytesOf(text));
  const shape = (v: Verdict) => [v.requests.length, v.end, v.detail];
  const H = "GET /wildthings HTTP/1.1\r\nHost: a\r\n";
  const P = "POST /pledges HTTP/1.1\r\nHost: a\r\n";
  assert.deepEqual(shape(await verdict(`${H}\r\n${H}\r\n`)), [2, "clean", ""]);
  assert.deepEqual(
    shape(await verdict(`${H}X: y\nContent-Length: 0\r\n\r\n`)),
    [0, "error", "HPE_CR_EXPECTED"],
  );
  assert.deepEqual(
    shape(await verdict(`${H}Connection: close\r\n\r\n${H}\r\n`)),
    [1, "close", ""],
  );
  assert.deepEqual(
    shape(await verdict("GET / HTTP/1.1\r\n\r\n")),
    [0, "error", "RFC 9112 §3.2: 0 Host lines"],
  );
  assert.deepEqual(
    shape(await verdict(`${P}Content-Length: 5\r\n\r\nab`)),
    [0, "error", "HPE_INVALID_EOF_STATE"],
  );
  const chunked = await verdict(
    `${P}Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: x\r\n\r\n${H}X: \xc3\xa9\r\n\r\n`,
  );
  assert.deepEqual(shape(chunked), [2, "clean", ""]);
  assert.equal(chunked.requests[0].body, "hello");
  assert.equal(chunked.requests[0].headers.get("t"), "(trailer)");
  assert.equal(chunked.requests[1].headers.get("x"), "é");
  const absolute = await verdict(
    "GET http://a/wildthings?x=1 HTTP/1.1\r\nHost: b\r\n\r\n",
  );
  assert.deepEqual(
    [absolute.requests[0].path, absolute.requests[0].query],
    ["/wildthings", "x=1"],
  );
});
