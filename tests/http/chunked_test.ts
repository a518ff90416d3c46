import assert from "node:assert/strict";
import {
  type Conv,
  DEFAULT_LIMITS,
  HttpError,
  type HttpLimits,
  RequestReader,
} from "../../lib/http/mod.ts";
import {
  bytes,
  check as checkReader,
  type Delivery,
  outcomes as readerOutcomes,
  source,
} from "./_reader_support.ts";

function describe(conv: Conv): string {
  return `${conv.method} ${conv.path} ${JSON.stringify(conv.body)}`;
}

function outcomes(
  data: Uint8Array,
  options: Delivery & { limits?: Partial<HttpLimits> },
): Promise<string[]> {
  return readerOutcomes(data, { ...options, describe });
}

function check(
  text: string,
  expected: string[],
  limits: Partial<HttpLimits> = {},
): Promise<void> {
  return checkReader(text, expected, { limits, describe });
}

const HEAD =
  "POST /bears HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";

async function checkBodies(cases: [string, string][]): Promise<void> {
  for (const [body, verdict] of cases) {
    await check(
      HEAD + body,
      verdict.length === 3 ? [verdict] : [`POST /bears ${verdict}`, "end"],
    );
  }
}

Deno.test("RFC 9112 §7.1: a chunked body split across two reads at every offset is decoded the same", async () => {
  const text = HEAD +
    '4;a=b;c="d \\"e\\" \x80"\r\nname\r\nA;x\r\n=Baloo&typ\r\n7\r\ne=Brown\r\n' +
    "000;last\r\nX-Trailer: yes\r\nY: \t\r\n\r\n" +
    "GET /wildthings HTTP/1.1\r\nHost: a\r\n\r\n";
  const expected = [
    'POST /bears "name=Baloo&type=Brown"',
    'GET /wildthings ""',
    "end",
  ];
  const data = bytes(text);
  for (let cut = 1; cut < data.length; cut++) {
    assert.deepEqual(await outcomes(data, { cuts: [cut] }), expected, `${cut}`);
  }
  assert.deepEqual(await outcomes(data, { step: 1 }), expected);
  assert.deepEqual(await outcomes(data, { step: 3 }), expected);
});

Deno.test("RFC 9112 §7.1: chunk-size is 1*HEXDIG, in either case, with no whitespace or prefix", async () => {
  await checkBodies([
    ["5\r\nhello\r\n0\r\n\r\n", '"hello"'],
    [
      "a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n",
      `"${"0123456789".repeat(2)}"`,
    ],
    ["0005\r\nhello\r\n00\r\n\r\n", '"hello"'],
    ["0\r\n\r\n", '""'],
    [" 5\r\nhello\r\n0\r\n\r\n", "400"],
    ["5 \r\nhello\r\n0\r\n\r\n", "400"],
    ["5\t\r\nhello\r\n0\r\n\r\n", "400"],
    ["5 ;a\r\nhello\r\n0\r\n\r\n", "400"],
    ["0x5\r\nhello\r\n0\r\n\r\n", "400"],
    ["-5\r\nhello\r\n0\r\n\r\n", "400"],
    ["+5\r\nhello\r\n0\r\n\r\n", "400"],
    ["g\r\n", "400"],
    ["\r\n5\r\nhello\r\n0\r\n\r\n", "400"],
    [";a\r\nhello\r\n0\r\n\r\n", "400"],
  ]);
});

Deno.test("RFC 9112 §7.1: chunk data is exactly chunk-size bytes, then CRLF; a bare LF or CR anywhere is a 400", async () => {
  await checkBodies([
    ["5\r\nhelloX\r\n0\r\n\r\n", "400"],
    ["5\r\nhell\r\n0\r\n\r\n", "400"],
    ["5\nhello\r\n0\r\n\r\n", "400"],
    ["5\rhello\r\n0\r\n\r\n", "400"],
    ["5\r\nhello\n0\r\n\r\n", "400"],
    ["5\r\nhello\r\r\n0\r\n\r\n", "400"],
    ["5\r\nhello\r\n0\n\r\n", "400"],
    ["5\r\nhello\r\n0\r\n\n", "400"],
    ["5\r\nhello\r\n0\r\n\r\r\n", "400"],
  ]);
  // chunk data is opaque: CR and LF in it are data
  await check(HEAD + "5\r\n\r\n\n\r\x00\r\n0\r\n\r\n", [
    'POST /bears "\\r\\n\\n\\r\\u0000"',
    "end",
  ]);
});

Deno.test("RFC 9112 §7.1.1: chunk extensions are ;token[=token / quoted-string], parsed and ignored, with no BWS (as llhttp)", async () => {
  await checkBodies([
    ["5;a\r\nhello\r\n0\r\n\r\n", '"hello"'],
    ["5;a=b;c;d=e\r\nhello\r\n0;z\r\n\r\n", '"hello"'],
    ['5;a="b c;d=e"\r\nhello\r\n0\r\n\r\n', '"hello"'],
    ['5;a="b\\"c\\\\"\r\nhello\r\n0\r\n\r\n', '"hello"'],
    ['5;a="\t\x80\xff";b\r\nhello\r\n0\r\n\r\n', '"hello"'],
    ['5;a=""\r\nhello\r\n0\r\n\r\n', '"hello"'],
    ["5;\r\nhello\r\n0\r\n\r\n", "400"],
    ["5; a\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a =b\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a= b\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a=\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;=b\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a==b\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a=b c\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a=b\t\r\nhello\r\n0\r\n\r\n", "400"],
    ["5;a\x80\r\nhello\r\n0\r\n\r\n", "400"],
    ['5;a="b\r\nhello\r\n0\r\n\r\n', "400"],
    ['5;a="b\x01"\r\nhello\r\n0\r\n\r\n', "400"],
    ['5;a="\\\x01"\r\nhello\r\n0\r\n\r\n', "400"],
    ['5;a="b"c\r\nhello\r\n0\r\n\r\n', "400"],
    ['5;a="b" \r\nhello\r\n0\r\n\r\n', "400"],
    ["5;a\nhello\r\n0\r\n\r\n", "400"],
  ]);
});

Deno.test("RFC 9112 §7.1.2: trailer fields are validated like header fields and ignored; framing fields there are a 400 (RFC 9110 §6.5.1, as llhttp)", async () => {
  await checkBodies([
    ["0\r\nX: y\r\nZ:\r\nW: \t a b\x80 \r\n\r\n", '""'],
    ["0\r\nContent-Length: 99\r\n\r\n", "400"],
    ["0\r\nX: y\r\ncontent-LENGTH:0\r\n\r\n", "400"],
    ["0\r\nTransfer-Encoding: chunked\r\n\r\n", "400"],
    ["0\r\nContent-Lengths: 1\r\nTransfer-Encoding-X: 1\r\n\r\n", '""'],
    ["0\r\nContent-Lengt: 1\r\nX-Content-Length: 1\r\n\r\n", '""'],
    ["0\r\n X: y\r\n\r\n", "400"],
    ["0\r\nX: y\r\n\tz\r\n\r\n", "400"],
    ["0\r\nX : y\r\n\r\n", "400"],
    ["0\r\n:y\r\n\r\n", "400"],
    ["0\r\nX\r\n\r\n", "400"],
    ["0\r\nX: a\x00\r\n\r\n", "400"],
    ["0\r\nX: a\x7f\r\n\r\n", "400"],
    ["0\r\nX: y\nZ: w\r\n\r\n", "400"],
    ["0\r\nX: y\rZ: w\r\n\r\n", "400"],
  ]);
});

Deno.test("RFC 9112 §7.1: the chunks after a last-chunk belong to the next request, as llhttp counts them", async () => {
  await check(
    HEAD + "5\r\nhello\r\n0\r\n\r\n" +
      "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
    ['POST /bears "hello"', 'GET /smuggled ""', "end"],
  );
  // "5" then begins a request line: a token no method begins with
  await check(HEAD + "5\r\nhello\r\n0\r\n\r\n5\r\nhello\r\n", [
    'POST /bears "hello"',
    "501",
  ]);
});

Deno.test("limits: a chunked body of maxBodyBytes decoded is read, one byte more is a 413 at the chunk size", async () => {
  const limits = { maxBodyBytes: 10 };
  await check(HEAD + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", [
    'POST /bears "0123456789"',
    "end",
  ], limits);
  await check(HEAD + "a\r\n0123456789\r\n0\r\n\r\n", [
    'POST /bears "0123456789"',
    "end",
  ], limits);
  await check(HEAD + "5\r\n01234\r\n6", ["413"], limits); // before any data
  await check(HEAD + "b", ["413"], limits);
  await check(HEAD + "5\r\n01234\r\n5\r\n56789\r\n1\r\n", ["413"], limits);
});

Deno.test("limits: a chunk size with more hex digits than maxBodyBytes needs (leading zeros) is a 413", async () => {
  // 1 MiB is 0x100000: six digits
  await check(HEAD + "000005\r\nhello\r\n000000\r\n\r\n", [
    'POST /bears "hello"',
    "end",
  ]);
  await check(HEAD + "0000005", ["413"]);
  await check(HEAD + "0000000", ["413"]);
  await check(HEAD + "0".repeat(10_000), ["413"]);
  await check(HEAD + "1000000", ["413"]);
});

Deno.test("limits: extensions and trailers of one body together are held to maxHeaderBytes, then 413", async () => {
  const limits = { maxHeaderBytes: 64 };
  const ext = (n: number) => ";" + "e".repeat(n - 1);
  const trailer = (n: number) => "T:" + "v".repeat(n - 2);
  await check(HEAD + `1${ext(64)}\r\nx\r\n0\r\n\r\n`, [
    'POST /bears "x"',
    "end",
  ], limits);
  await check(HEAD + `1${ext(65)}`, ["413"], limits);
  await check(HEAD + `0\r\n${trailer(64)}\r\n\r\n`, [
    'POST /bears ""',
    "end",
  ], limits);
  await check(HEAD + `0\r\n${trailer(65)}`, ["413"], limits);
  await check(HEAD + `1${ext(32)}\r\nx\r\n0${ext(16)}\r\n${trailer(17)}`, [
    "413",
  ], limits);
  // an extension flood never grows the buffer
  const flood = bytes(HEAD + "1;" + "e".repeat(2_000_000));
  let biggest = 0;
  const src = source(flood, { step: 64 * 1024 });
  const reader: RequestReader = new RequestReader({
    read(buffer) {
      biggest = Math.max(biggest, reader.bufferBytes);
      return src.read(buffer);
    },
  }, DEFAULT_LIMITS);
  await assert.rejects(
    () => reader.next(),
    (e) => (e as HttpError).status === 413,
  );
  assert.equal(biggest, 4096);
});

Deno.test("RequestReader: the framing of a chunked body is dropped as it is decoded (1-byte chunks)", async () => {
  const n = 100 * 1024;
  const text = HEAD + "1\r\nx\r\n".repeat(n) + "0\r\n\r\n";
  const limits = { ...DEFAULT_LIMITS, maxBodyBytes: n };
  let biggest = 0;
  const src = source(bytes(text), { step: 64 * 1024 });
  const reader: RequestReader = new RequestReader({
    read(buffer) {
      biggest = Math.max(biggest, reader.bufferBytes);
      return src.read(buffer);
    },
  }, limits);
  assert.equal((await reader.next())?.body.length, n);
  assert.ok(biggest <= n + 2 * 4096, `${biggest}`); // the wire was 6n bytes
  assert.equal(reader.bufferBytes, 4096);
});

Deno.test("RequestReader: a chunked body cut off by the client is a 400; a stalled one waits", async () => {
  const data = bytes(HEAD + "5\r\nhel");
  assert.deepEqual(await outcomes(data, {}), ["400"]);
  assert.deepEqual(await outcomes(data, { stall: true }), ["stalled"]);
  const cut = bytes(HEAD + "5\r\nhello\r\n0\r\n");
  assert.deepEqual(await outcomes(cut, { step: 1 }), ["400"]);
});
