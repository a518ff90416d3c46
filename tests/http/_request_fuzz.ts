/**
 * The streams of the differential test (differential_test.ts): a seeded
 * generator of valid HTTP/1.1 request streams after RFC 9112's grammar,
 * the mutations that make them hostile, and the issue's inputs verbatim.
 *
 * Bytes are kept as byte strings while they are built (one char per byte,
 * 0-255, so `"\x80"` is the byte 0x80 and `"\xc2\xa0"` is U+00A0 in UTF-8)
 * and become a `Uint8Array` at the end.
 *
 * 1. {@linkcode mulberry32}: the PRNG, one 32-bit seed; the same seed gives
 *    the same streams.
 * 2. {@linkcode generateStream}: 1-4 pipelined requests, most of them
 *    mutated: first on the request's structure (duplicated headers, CL+TE,
 *    odd Content-Length and chunk sizes, obs-fold, whitespace before the
 *    colon, a header hidden behind a bare CR...), then byte by byte
 *    (insert, replace, delete from a weighted alphabet of dangerous bytes,
 *    CRLF → LF, CRLF → CR).
 * 3. {@linkcode fixedCases}: the inputs issue 10 lists, and the classic
 *    smuggling shapes, always in the corpus.
 *
 * No stream uses `Expect`, `Upgrade` or `CONNECT` (Node handles them
 * outside its parser) or `Content-Type` (servy reads form and JSON bodies
 * into params), and heads stay far under 8 KiB.
 *
 * @module
 */

/** A PRNG: uniform numbers in [0, 1). */
export type Rng = () => number;

/** One stream of the corpus. */
export interface FuzzCase {
  /** Where it comes from: `"fixed: ..."` or `"gen 17: mutations"`. */
  name: string;
  /** The bytes, as sent on one connection. */
  bytes: Uint8Array;
}

/**
 * mulberry32, a 32-bit PRNG small enough to read.
 *
 * @param seed any 32-bit integer
 * @returns the generator
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @returns an integer in [0, n) */
export function int(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

function pick<T>(rng: Rng, items: ArrayLike<T>): T {
  return items[int(rng, items.length)];
}

function weighted<T>(rng: Rng, items: readonly (readonly [number, T])[]): T {
  let total = 0;
  for (const [w] of items) total += w;
  let r = rng() * total;
  for (const [w, item] of items) {
    if ((r -= w) < 0) return item;
  }
  return items[items.length - 1][1];
}

/** @returns the byte string as bytes */
export function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** @returns the bytes as a byte string */
export function textOf(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

// ---------------------------------------------------------------------------
// The valid grammar (RFC 9112 §3, §5, §6, §7.1)

interface Chunk {
  size: string; // hex, as written
  ext: string; // `;name=value`...
  data: string;
}

/** A request before rendering, so mutations can reach its parts. */
interface Request {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  body: string; // Content-Length bytes, or "" with chunks
  chunks?: Chunk[];
  lastExt: string; // the last chunk's extensions
  trailers: [string, string][];
}

const DIGIT = "0123456789";
const ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const TCHAR = "!#$%&'*+-.^_`|~" + DIGIT + ALPHA;
const PCHAR = ALPHA + DIGIT + "-._~!$&'()*+,;=:@";
const VCHAR = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
  .join("");
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];
const NAMES = ["Accept", "User-Agent", "Cookie", "X-Forwarded-For", "Via"];
// Framing and routing headers come from the grammar, not at random; Node
// answers Expect and Upgrade itself; servy parses Content-Type bodies.
// deno-fmt-ignore
const RESERVED = new Set([
  "host", "content-length", "transfer-encoding", "connection", "expect",
  "upgrade", "content-type", "te", "trailer",
]);

function chars(rng: Rng, alphabet: string, min: number, max: number): string {
  let s = "";
  for (let n = min + int(rng, max - min + 1); n > 0; n--) {
    s += alphabet[int(rng, alphabet.length)];
  }
  return s;
}

function fieldName(rng: Rng): string {
  for (;;) {
    const name = rng() < 0.3 ? pick(rng, NAMES) : chars(rng, TCHAR, 1, 12);
    if (!RESERVED.has(name.toLowerCase())) return name;
  }
}

/** field-value: VCHAR and obs-text, with SP/HTAB inside, OWS around. */
function fieldValue(rng: Rng): string {
  let v = "";
  for (let n = int(rng, 20); n > 0; n--) {
    v += weighted(rng, [
      [20, () => pick(rng, VCHAR)],
      [3, () => pick(rng, [" ", "\t"])],
      [1, () => String.fromCharCode(0x80 + int(rng, 128))],
    ])();
  }
  v = v.replace(/^[ \t]+|[ \t]+$/g, "") || "v";
  const ows = () => pick(rng, ["", "", " ", "\t", "  "]);
  return ows() + v + ows();
}

function pathAndQuery(rng: Rng): string {
  let path = "";
  for (let n = 1 + int(rng, 3); n > 0; n--) {
    path += "/" + chars(rng, PCHAR, 0, 8);
    if (rng() < 0.1) path += "%" + pick(rng, ["20", "2F", "e2", "00", "7e"]);
  }
  if (rng() < 0.4) path += "?" + chars(rng, PCHAR + "/?", 0, 12);
  return path;
}

function target(rng: Rng, method: string): string {
  if (method === "OPTIONS" && rng() < 0.3) return "*";
  if (rng() < 0.06) {
    const host = pick(rng, ["a", "example.com", "127.0.0.1:8080"]);
    return `http://${host}${rng() < 0.1 ? "" : pathAndQuery(rng)}`;
  }
  return pathAndQuery(rng);
}

function chunkSize(rng: Rng, n: number): string {
  const hex = n.toString(16);
  const s = rng() < 0.5 ? hex : hex.toUpperCase();
  return (rng() < 0.1 ? "00" : "") + s;
}

function chunkExt(rng: Rng): string {
  // deno-fmt-ignore
  return weighted(rng, [[6, ""], [1, ";a"], [1, ";name=value"], [1, ';q="x y;z"']]);
}

const BODY = ALPHA + DIGIT + " \r\n:/;" + "\x80\xff";

function request(rng: Rng, last: boolean): Request {
  const method = pick(rng, METHODS);
  const version = weighted(rng, [[78, "1.1"], [20, "1.0"], [2, "1.2"]]);
  const req: Request = {
    method,
    target: target(rng, method),
    version,
    headers: [],
    body: "",
    lastExt: chunkExt(rng),
    trailers: [],
  };
  const h = req.headers;
  const host = () =>
    " " + pick(rng, ["a", "example.com", "localhost:4000", "[::1]"]);
  const hostCount = weighted(rng, [[90, 1], [5, 0], [5, 2]]);
  for (let i = 0; i < hostCount; i++) h.push(["Host", host()]);
  for (let n = int(rng, 5); n > 0; n--) {
    h.push([fieldName(rng), fieldValue(rng)]);
  }
  const framing = weighted(rng, [[5, "none"], [4, "length"], [2, "chunked"]]);
  if (framing === "length") {
    req.body = chars(rng, BODY, 0, 40);
    h.push(["Content-Length", ` ${req.body.length}`]);
  } else if (framing === "chunked" && (version !== "1.0" || rng() < 0.2)) {
    req.chunks = [];
    for (let n = int(rng, 4); n > 0; n--) {
      const data = chars(rng, BODY, 1, 20);
      req.chunks.push({
        size: chunkSize(rng, data.length),
        ext: chunkExt(rng),
        data,
      });
    }
    for (let n = weighted(rng, [[4, 0], [1, 1], [1, 2]]); n > 0; n--) {
      req.trailers.push([fieldName(rng), fieldValue(rng)]);
    }
    h.push(["Transfer-Encoding", " chunked"]);
  }
  const connection = last
    ? pick(rng, ["", "", "close", "keep-alive"])
    : version === "1.0"
    ? "keep-alive"
    : pick(rng, ["", "", "keep-alive"]);
  if (connection !== "") h.push(["Connection", ` ${connection}`]);
  for (let i = h.length - 1; i > 0; i--) { // shuffle the header lines
    const j = int(rng, i + 1);
    [h[i], h[j]] = [h[j], h[i]];
  }
  return req;
}

function render(req: Request): string {
  let s = `${req.method} ${req.target} HTTP/${req.version}\r\n`;
  for (const [name, value] of req.headers) s += `${name}:${value}\r\n`;
  s += "\r\n";
  if (req.chunks === undefined) return s + req.body;
  for (const c of req.chunks) s += `${c.size}${c.ext}\r\n${c.data}\r\n`;
  s += `0${req.lastExt}\r\n`;
  for (const [name, value] of req.trailers) s += `${name}:${value}\r\n`;
  return s + "\r\n";
}

// ---------------------------------------------------------------------------
// Mutations of a request's structure; each returns its label.

type Mutation = (rng: Rng, req: Request) => string;

const SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"; // 35 bytes

function header(req: Request, name: string): [string, string] | undefined {
  return req.headers.find(([n]) => n.toLowerCase() === name);
}

function dropHeader(req: Request, name: string): void {
  req.headers = req.headers.filter(([n]) => n.toLowerCase() !== name);
}

function anyHeader(rng: Rng, req: Request): [string, string] {
  if (req.headers.length === 0) req.headers.push(["X", " y"]);
  return pick(rng, req.headers);
}

function insertHeader(rng: Rng, req: Request, line: [string, string]): void {
  req.headers.splice(int(rng, req.headers.length + 1), 0, line);
}

function toChunked(rng: Rng, req: Request): void {
  if (req.chunks !== undefined) return;
  const data = req.body || "x";
  req.chunks = [{ size: chunkSize(rng, data.length), ext: "", data }];
  req.body = "";
  dropHeader(req, "content-length");
  if (header(req, "transfer-encoding") === undefined) {
    insertHeader(rng, req, ["Transfer-Encoding", " chunked"]);
  }
}

const dupHeader: Mutation = (rng, req) => {
  const line = anyHeader(rng, req);
  insertHeader(rng, req, [...line]);
  return `duplicate ${line[0]}`;
};

const clTe: Mutation = (rng, req) => {
  if (req.chunks !== undefined) {
    const cl = pick(rng, ["0", "3", "5", String(render(req).length)]);
    insertHeader(rng, req, ["Content-Length", ` ${cl}`]);
    return `CL ${cl} + TE`;
  }
  // TE.CL: the Content-Length body hides a request from a chunked reader.
  req.body = "0\r\n\r\n" + SMUGGLED;
  dropHeader(req, "content-length");
  insertHeader(rng, req, ["Content-Length", ` ${req.body.length}`]);
  insertHeader(rng, req, ["Transfer-Encoding", " chunked"]);
  return "TE + CL hiding a request";
};

const badContentLength: Mutation = (rng, req) => {
  const n = req.body.length;
  // deno-fmt-ignore
  const value = pick(rng, [
    `-${n}`, `+${n}`, `0x${n.toString(16)}`, "99999999999999999999",
    `${n}, ${n}`, `${n},${n + 1}`, `0${n}`, `${n}.0`, `${n} ${n}`, "",
    `\v${n}`, `\f${n}`, `${n}\v`, `\xc2\xa0${n}`, `\xef\xbb\xbf${n}`,
    `\xe3\x80\x80${n}`, `${n}\xc2\xa0`, "\xd9\xa1", `${n + 1}`, `${n ? n - 1 : 1}`,
  ]);
  const line = header(req, "content-length");
  if (line === undefined) insertHeader(rng, req, ["Content-Length", value]);
  else line[1] = value;
  return `Content-Length ${JSON.stringify(value)}`;
};

const badChunk: Mutation = (rng, req) => {
  toChunked(rng, req);
  const chunks = req.chunks!;
  if (chunks.length === 0) chunks.push({ size: "1", ext: "", data: "x" });
  const chunk = pick(rng, chunks);
  const s = chunk.size;
  const n = chunk.data.length;
  // deno-fmt-ignore
  const [part, value] = pick(rng, [
    ["size", "-1"], ["size", `0x${s}`], ["size", `+${s}`], ["size", ` ${s}`],
    ["size", `${s} `], ["size", `${s}\t`], ["size", "g"], ["size", ""],
    ["size", "ffffffffffffffffffff"], ["size", (n + 1).toString(16)],
    ["size", (n - 1).toString(16)], ["ext", ";"], ["ext", " ;a=b"],
    ["ext", ";a =b"], ["ext", ";a=\x00"], ["ext", ";\x80"], ["ext", ';a="b'],
    ["ext", "\n"], ["trailer", "Content-Length: 5"], ["trailer", "X:\x00"],
    ["trailer", " Folded: x"],
  ] as const);
  if (part === "size") chunk.size = value;
  else if (part === "ext") chunk.ext = value;
  else {req.trailers.push([
      value.slice(0, value.indexOf(":")),
      value.slice(value.indexOf(":") + 1),
    ]);}
  return `chunk ${part} ${JSON.stringify(value)}`;
};

const obsFold: Mutation = (rng, req) => {
  const line = anyHeader(rng, req);
  line[1] += pick(rng, ["\r\n ", "\r\n\t", "\r\n  "]) + "folded";
  return `obs-fold in ${line[0]}`;
};

const wsBeforeColon: Mutation = (rng, req) => {
  const line = anyHeader(rng, req);
  const ws = pick(rng, [" ", "\t", "  "]);
  line[0] = rng() < 0.8 ? line[0] + ws : ws + line[0];
  return `whitespace around the name ${JSON.stringify(line[0])}`;
};

const hiddenHeader: Mutation = (rng, req) => {
  const line = anyHeader(rng, req);
  // deno-fmt-ignore
  const hidden = pick(rng, [
    "\rTransfer-Encoding: chunked", "\rContent-Length: 0", "\nContent-Length: 0",
    "\nTransfer-Encoding: chunked", "\r\rContent-Length: 1",
    "\x00Transfer-Encoding: chunked",
  ]);
  line[1] += hidden;
  return `hidden ${JSON.stringify(hidden)} after ${line[0]}`;
};

const badTransferEncoding: Mutation = (rng, req) => {
  if (rng() < 0.5) toChunked(rng, req);
  // deno-fmt-ignore
  const value = pick(rng, [
    "gzip, chunked", "chunked, gzip", "Chunked", "CHUNKED", "chunked, chunked",
    "identity", "xchunked", "chunked\v", "\vchunked", "chunked;q=1",
    "\xc2\xa0chunked", "",
  ]);
  const line = header(req, "transfer-encoding");
  if (line === undefined || rng() < 0.3) {
    insertHeader(rng, req, ["Transfer-Encoding", ` ${value}`]);
  } else line[1] = ` ${value}`;
  return `Transfer-Encoding ${JSON.stringify(value)}`;
};

const badRequestLine: Mutation = (rng, req) => {
  // deno-fmt-ignore
  const [part, value] = pick(rng, [
    ["version", "1.2"], ["version", "1.9"], ["version", "2.0"],
    ["version", "0.9"], ["version", "1.10"], ["version", "11"],
    ["version", "1.1 "], ["method", "get"], ["method", "GE T"],
    ["method", "FOO"], ["method", "PROPFIND"], ["method", "GET\x00"],
    ["method", " GET"], ["method", "G\x80T"], ["target", "*"], ["target", ""],
    ["target", "/a b"], ["target", "/a\x80b"], ["target", "/a\tb"],
    ["target", "/a\x00"], ["target", "a"], ["target", "//a"],
    ["target", "/a#f"], ["target", "/%"], ["target", "http://a"],
    ["target", "HTTP://A/x?y"], ["target", "https://a:99999/x"],
    ["target", "/\x7f"], ["target", "/a\\b"], ["target", '/a"b'],
    ["target", "/<a>{b}|"],
  ] as const);
  req[part] = value;
  return `${part} ${JSON.stringify(value)}`;
};

const badHost: Mutation = (rng, req) => {
  const how = pick(rng, ["none", "two", "empty", "a b", "a\x00", "case"]);
  dropHeader(req, "host");
  if (how === "two") req.headers.push(["Host", " a"], ["Host", " b"]);
  else if (how === "case") req.headers.push(["host", " a"], ["HOST", " a"]);
  else if (how === "empty") insertHeader(rng, req, ["Host", ""]);
  else if (how !== "none") insertHeader(rng, req, ["Host", ` ${how}`]);
  return `Host ${JSON.stringify(how)}`;
};

// deno-fmt-ignore
const STRUCTURAL: readonly (readonly [number, Mutation])[] = [
  [3, dupHeader], [3, clTe], [3, badContentLength], [3, badChunk], [2, obsFold],
  [2, wsBeforeColon], [3, hiddenHeader], [2, badTransferEncoding],
  [3, badRequestLine], [2, badHost],
];

// ---------------------------------------------------------------------------
// Mutations of the bytes

// deno-fmt-ignore
const DANGEROUS: readonly (readonly [number, string])[] = [
  [3, "\r"], [3, "\n"], [2, "\x00"], [3, " "], [2, "\t"], [1, "\v"], [1, "\f"],
  [1, "\x7f"], [1, "\x80"], [1, "\xff"], [2, ":"], [1, ";"], [1, ","], [1, "0"],
  [1, "a"], [1, "\xc2\xa0"], [1, "\xef\xbb\xbf"], [1, "\xe3\x80\x80"], // U+00A0, U+FEFF, U+3000
];

function crlfAt(rng: Rng, text: string): number {
  const at: number[] = [];
  for (let i = 0; (i = text.indexOf("\r\n", i)) !== -1; i += 2) at.push(i);
  return at.length === 0 ? -1 : pick(rng, at);
}

function mutateBytes(rng: Rng, text: string): [string, string] {
  const at = int(rng, text.length + 1);
  // deno-fmt-ignore
  const kind = weighted(rng, [
    [4, "insert"], [3, "replace"], [2, "delete"], [3, "crlf"], [1, "all CRLF → LF"],
  ]);
  if (kind === "all CRLF → LF") return [text.replaceAll("\r\n", "\n"), kind];
  if (kind === "crlf") {
    const i = crlfAt(rng, text);
    if (i === -1) return [text, "no CRLF"];
    const to = pick(rng, ["\n", "\n", "\r", "\r\r", "\n\r", "\r\r\n"]);
    return [
      text.slice(0, i) + to + text.slice(i + 2),
      `CRLF → ${JSON.stringify(to)} at ${i}`,
    ];
  }
  if (kind === "delete") {
    const n = 1 + int(rng, 3);
    return [text.slice(0, at) + text.slice(at + n), `delete ${n} at ${at}`];
  }
  const byte = weighted(rng, DANGEROUS);
  const rest = kind === "insert" ? at : at + 1;
  return [
    text.slice(0, at) + byte + text.slice(rest),
    `${kind} ${JSON.stringify(byte)} at ${at}`,
  ];
}

/**
 * One generated stream: 1-4 pipelined requests, three in four of them
 * mutated.
 *
 * @param rng the seeded PRNG
 * @param index the stream's number, for its name
 * @returns the stream
 */
export function generateStream(rng: Rng, index: number): FuzzCase {
  const count = weighted(rng, [[50, 1], [25, 2], [15, 3], [10, 4]]);
  const reqs = Array.from(
    { length: count },
    (_, i) => request(rng, i === count - 1),
  );
  const labels: string[] = [];
  let bytes = 0;
  if (rng() < 0.75) {
    let structural = weighted(rng, [[3, 0], [4, 1], [2, 2]]);
    bytes = weighted(rng, [[4, 0], [3, 1], [1, 2]]);
    if (structural + bytes === 0) structural = 1;
    for (; structural > 0; structural--) {
      const i = int(rng, count);
      labels.push(`#${i} ${weighted(rng, STRUCTURAL)(rng, reqs[i])}`);
    }
  }
  let text = reqs.map(render).join("");
  if (rng() < 0.03) {
    text = "\r\n" + text;
    labels.push("leading CRLF");
  }
  for (; bytes > 0; bytes--) {
    const [mutated, label] = mutateBytes(rng, text);
    text = mutated;
    labels.push(label);
  }
  return {
    name: `gen ${index}: ${labels.join("; ") || "valid"}`,
    bytes: bytesOf(text),
  };
}

// ---------------------------------------------------------------------------
// The fixed corpus

const H = "GET /wildthings HTTP/1.1\r\nHost: a\r\n";
const P = "POST /pledges HTTP/1.1\r\nHost: a\r\n";
const around = ["\v", "\f", "\xc2\xa0", "\xef\xbb\xbf", "\xe3\x80\x80"];

/**
 * The inputs issue 10 lists, verbatim (the issue's `...` completed with a
 * smuggled request), and the classic smuggling shapes.
 *
 * @returns the fixed cases
 */
export function fixedCases(): FuzzCase[] {
  // deno-fmt-ignore
  const cases: [string, string][] = [
    ["bare LF inside the head", `${H}X: y\nContent-Length: 35\r\n\r\n${SMUGGLED}`],
    ["bare CR inside the head", `GET /wildthings HTTP/1.1\r\nHost: a\rContent-Length: 35\r\n\r\n${SMUGGLED}`],
    ["Transfer-Encoding hidden behind a bare CR", `${P}Content-Length: 40\r\nX: y\rTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ...around.flatMap((c): [string, string][] => [
      [`${JSON.stringify(c)} before the Content-Length`, `${P}Content-Length: ${c}35\r\n\r\n${SMUGGLED}`],
      [`${JSON.stringify(c)} after the Content-Length`, `${P}Content-Length: 35${c}\r\n\r\n${SMUGGLED}`],
    ]),
    ["NUL in a value", "GET /wildthings HTTP/1.1\r\nHost: a\x00\r\n\r\n"],
    ["two Host headers", `${H}Host: b\r\n\r\n`],
    ["raw non-ASCII in the target", "GET /bea\x80rs HTTP/1.1\r\nHost: a\r\n\r\n"],
    ["absolute-form", "GET http://a/wildthings HTTP/1.1\r\nHost: a\r\n\r\n"],
    ["absolute-form with a query", "GET http://a/wildthings?x=1 HTTP/1.1\r\nHost: b\r\n\r\n"],
    ["one leading empty line", `\r\n${H}\r\n`],
    ["HTTP/1.2", "GET /wildthings HTTP/1.2\r\nHost: a\r\n\r\n"],
    ["GET *", "GET * HTTP/1.1\r\nHost: a\r\n\r\n"],
    ["OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"],
    ["a head with bare-LF line ends", "GET /wildthings HTTP/1.1\nHost: a\n\n"],
    ["a target over 8 KiB", `GET /${"a".repeat(8192)} HTTP/1.1\r\nHost: a\r\n\r\n`],
    ["CL.TE", `${P}Content-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ["TE.CL", `${P}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n23\r\n${SMUGGLED}\r\n0\r\n\r\n`],
    ["TE gzip, chunked", `${P}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`],
    ["TE obfuscated", `${P}Transfer-Encoding: xchunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ["HTTP/1.0 with TE, then a request", `POST /pledges HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`],
    ["two Content-Lengths", `${P}Content-Length: 0\r\nContent-Length: 35\r\n\r\n${SMUGGLED}`],
    ["two equal Content-Lengths", `${P}Content-Length: 35\r\nContent-Length: 35\r\n\r\n${SMUGGLED}`],
    ["Content-Length with a sign", `${P}Content-Length: +35\r\n\r\n${SMUGGLED}`],
    ["a chunked body", `${P}Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nT: x\r\n\r\n${H}\r\n`],
    ["Content-Length as a trailer", `${P}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nContent-Length: 35\r\n\r\n${SMUGGLED}`],
    ["a chunk size past 64 bits", `${P}Transfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n`],
    ["obs-fold", `${H}X: a\r\n b\r\n\r\n`],
    ["whitespace before the colon", `${H}Content-Length : 35\r\n\r\n${SMUGGLED}`],
    ["a header line starting with whitespace", `${H} Content-Length: 35\r\n\r\n${SMUGGLED}`],
    ["two pipelined requests", `${H}\r\n${H}\r\n`],
    ["data after Connection: close", `${H}Connection: close\r\n\r\n${H}\r\n`],
  ];
  return cases.map(([name, text]) => ({
    name: `fixed: ${name}`,
    bytes: bytesOf(text),
  }));
}
