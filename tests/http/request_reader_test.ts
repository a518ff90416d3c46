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

const utf8 = (text: string) => new TextEncoder().encode(text);

function describe(conv: Conv): string {
  const query = conv.query === "" ? "" : `?${conv.query}`;
  const body = conv.body === "" ? "" : ` ${JSON.stringify(conv.body)}`;
  return `${conv.method} ${conv.path}${query} ${conv.version.slice(5)}${body}`;
}

function outcomes(
  data: Uint8Array,
  options: Delivery & { limits?: Partial<HttpLimits> } = {},
): Promise<string[]> {
  return readerOutcomes(data, { ...options, describe });
}

function check(
  input: string | Uint8Array,
  expected: string[],
  limits: Partial<HttpLimits> = {},
): Promise<void> {
  return checkReader(input, expected, { limits, describe });
}

async function checkAll(cases: [string | Uint8Array, string[]][]) {
  for (const [input, expected] of cases) await check(input, expected);
}

const H = "Host: a\r\n";

// The inputs, with their exact bytes.

Deno.test("issue 10: a bare LF inside the head is a 400, and the request smuggled behind it is never read", async () => {
  await check(
    "GET /wildthings HTTP/1.1\r\nHost: a\r\nX: y\nContent-Length: 35\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
    ["400"],
  );
});

Deno.test("issue 10: a bare CR inside the head is a 400", async () => {
  await check(
    "GET /wildthings HTTP/1.1\r\nHost: a\rContent-Length: 35\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n",
    ["400"],
  );
});

Deno.test("issue 10: a bare CR cannot hide Transfer-Encoding behind another field", async () => {
  await check(
    "POST /wildthings HTTP/1.1\r\nHost: a\r\nContent-Length: 35\r\nX: y\rTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n",
    ["400"],
  );
});

Deno.test("issue 10: Content-Length with \\v, \\f, U+00A0, U+FEFF or U+3000 around the number is a 400", async () => {
  for (const ws of ["\u000b", "\f", "\u00a0", "\ufeff", "\u3000"]) {
    for (const value of [`${ws}35`, `35${ws}`]) {
      await check(
        utf8(`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${value}\r\n\r\n`),
        ["400"],
      );
    }
  }
  await check(
    bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \xa01\r\n\r\nx"),
    ["400"],
  );
});

Deno.test("issue 10: NUL in a field value is a 400", async () => {
  await check("GET / HTTP/1.1\r\nHost: a\u0000\r\n\r\n", ["400"]);
});

Deno.test("issue 10: two Host fields are a 400 (RFC 9112 §3.2)", async () => {
  await check("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", ["400"]);
  await check("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", ["400"]);
});

Deno.test("issue 10: a raw non-ASCII byte in the target is a 400", async () => {
  await check("GET /bea\x80rs HTTP/1.1\r\nHost: a\r\n\r\n", ["400"]);
});

Deno.test("issue 10: absolute-form is accepted, its path and query routed (RFC 9112 §3.2.2)", async () => {
  await check("GET http://a/wildthings HTTP/1.1\r\nHost: a\r\n\r\n", [
    "GET /wildthings 1.1",
    "end",
  ]);
});

Deno.test("issue 10: an empty line before the request line is ignored (RFC 9112 §2.2)", async () => {
  await check("\r\nGET /wildthings HTTP/1.1\r\nHost: a\r\n\r\n", [
    "GET /wildthings 1.1",
    "end",
  ]);
});

Deno.test("issue 10: HTTP/1.2 is served as HTTP/1.1; GET * is a 400", async () => {
  await check("GET /wildthings HTTP/1.2\r\nHost: a\r\n\r\n", [
    "GET /wildthings 1.1",
    "end",
  ]);
  await check("GET * HTTP/1.1\r\nHost: a\r\n\r\n", ["400"]);
});

Deno.test("issue 10: a head with bare-LF line ends is a 400 at once, not a 408 after the stall timeout", async () => {
  await check("GET /wildthings HTTP/1.1\nHost: a\n\n", ["400"]);
  await check("GET /wildthings HTTP/1.1\nHost: a\n", ["400"]); // no end yet
  await check("GET /wildthings HTTP/1.1\r\nHost: a\n", ["400"]);
  await check("GET /wildthings HTTP/1.1\r\nHost: a\r\n\n", ["400"]);
});

// RFC 9112's ABNF, rule by rule.

Deno.test("RFC 9112 §3: request-line = method SP request-target SP HTTP-version CRLF, one SP each", async () => {
  await checkAll([
    ["GET / HTTP/1.1\r\n" + H + "\r\n", ["GET / 1.1", "end"]],
    ["GET  / HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /  HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET\t/ HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /\tHTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1.1 \r\n" + H + "\r\n", ["400"]],
    [" GET / HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /\r\n" + H + "\r\n", ["400"]], // HTTP/0.9's form
    ["GET / HTTP/1.1\r\r\n" + H + "\r\n", ["400"]],
    ["\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", ["400"]], // TLS
  ]);
});

Deno.test("RFC 9110 §9.1: a method is a case-sensitive token; one servy does not implement is a 501", async () => {
  await checkAll([
    ["BREW /pot HTTP/1.1\r\n" + H + "\r\n", ["501"]],
    ["get / HTTP/1.1\r\n" + H + "\r\n", ["501"]],
    ["GETS / HTTP/1.1\r\n" + H + "\r\n", ["501"]],
    ["OPTION / HTTP/1.1\r\n" + H + "\r\n", ["501"]],
    ["OPTIONSX / HTTP/1.1\r\n" + H + "\r\n", ["501"]],
    ["CONNECT a:80 HTTP/1.1\r\n" + H + "\r\n", ["501"]],
    ["G\x00T / HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GE(T / HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    [" / HTTP/1.1\r\n" + H + "\r\n", ["400"]],
  ]);
  for (
    const m of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
  ) {
    await check(`${m} / HTTP/1.1\r\n${H}\r\n`, [`${m} / 1.1`, "end"]);
  }
});

Deno.test("RFC 9112 §3.2.1: origin-form is an absolute path and query of visible ASCII; CTLs, # and bytes ≥ 0x80 are a 400", async () => {
  await checkAll([
    ["GET /a/b?c=d&e HTTP/1.1\r\n" + H + "\r\n", ["GET /a/b?c=d&e 1.1", "end"]],
    ["GET //?a?b/c HTTP/1.1\r\n" + H + "\r\n", ["GET //?a?b/c 1.1", "end"]],
    ['GET /a{|}^`\\"<>[]%zz HTTP/1.1\r\n' + H + "\r\n", [
      'GET /a{|}^`\\"<>[]%zz 1.1',
      "end",
    ]],
    ["GET /a\x7f HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /a\x00 HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /a\xff HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /a#b HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET x HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET ?x HTTP/1.1\r\n" + H + "\r\n", ["400"]],
  ]);
});

Deno.test('RFC 9112 §3.2.2: absolute-form gives the path and query ("/" when none), and its authority is the Host', async () => {
  await checkAll([
    ["GET http://a HTTP/1.1\r\n" + H + "\r\n", ["GET / 1.1", "end"]],
    ["GET http://a?x=1 HTTP/1.1\r\n" + H + "\r\n", ["GET /?x=1 1.1", "end"]],
    ["GET HTTPS://u@[::1]:80/x?y HTTP/1.1\r\n" + H + "\r\n", [
      "GET /x?y 1.1",
      "end",
    ]],
    ["OPTIONS http://a/x HTTP/1.1\r\n" + H + "\r\n", ["OPTIONS /x 1.1", "end"]],
    ["GET http:///x HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET http:/x HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET http:x HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET http://a{/ HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET http://a#f HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET http://a\x80/ HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET 1http://a/ HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET h2t-p://a/ HTTP/1.1\r\n" + H + "\r\n", ["400"]], // as llhttp
    ["GET a.com:80 HTTP/1.1\r\n" + H + "\r\n", ["400"]], // authority-form
  ]);
  const reader = new RequestReader(
    source(bytes("GET http://u@a:8080/x HTTP/1.1\r\nHost: other\r\n\r\n")),
    DEFAULT_LIMITS,
  );
  assert.equal((await reader.next())?.headers.host, "a:8080");
});

Deno.test("RFC 9112 §3.2.4: asterisk-form is for OPTIONS only", async () => {
  await checkAll([
    ["OPTIONS * HTTP/1.1\r\n" + H + "\r\n", ["OPTIONS * 1.1", "end"]],
    ["GET * HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["POST * HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["OPTIONS *x HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["OPTIONS */ HTTP/1.1\r\n" + H + "\r\n", ["400"]],
  ]);
});

Deno.test("RFC 9112 §2.3: HTTP/1.0 and 1.1 as sent, any other 1.x as 1.1, other versions 505, other forms 400", async () => {
  await checkAll([
    ["GET / HTTP/1.0\r\n\r\n", ["GET / 1.0", "end"]],
    ["GET / HTTP/1.9\r\n" + H + "\r\n", ["GET / 1.1", "end"]],
    ["GET / HTTP/2.0\r\n" + H + "\r\n", ["505"]],
    ["GET / HTTP/0.9\r\n" + H + "\r\n", ["505"]],
    ["GET / HTTP/3.0\r\n" + H + "\r\n", ["505"]],
    ["GET / HTTP/1.10\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1.\r\n" + H + "\r\n", ["400"]],
    ["GET / http/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/ 1.1\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1,1\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTPS/1.1\r\n" + H + "\r\n", ["400"]],
  ]);
});

Deno.test("RFC 9112 §2.2: empty lines before a request line are skipped; a bare LF or CR there is a 400", async () => {
  const req = "GET / HTTP/1.1\r\n" + H + "\r\n";
  await checkAll([
    ["\r\n\r\n\r\n" + req, ["GET / 1.1", "end"]],
    [req + "\r\n" + req, ["GET / 1.1", "GET / 1.1", "end"]],
    ["\r\n", ["end"]], // nothing but empty lines: a clean end
    ["\n" + req, ["400"]],
    ["\r" + req, ["400"]],
    [req + "\n" + req, ["GET / 1.1", "400"]],
    [req + "\r\r\n" + req, ["GET / 1.1", "400"]],
  ]);
});

Deno.test("RFC 9112 §5: field-name is a token followed at once by its colon", async () => {
  await checkAll([
    ["GET / HTTP/1.1\r\n" + H + "!#$%&'*+.^_`|~09aZ-: y\r\n\r\n", [
      "GET / 1.1",
      "end",
    ]],
    ["GET / HTTP/1.1\r\n" + H + "X : y\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X\t: y\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + ": y\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X y\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X{: y\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X\x00: y\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X-\xc3\xa9: y\r\n\r\n", ["400"]],
  ]);
});

Deno.test("RFC 9112 §5.2: a line that starts with SP or HTAB (obs-fold) is a 400, the first one too", async () => {
  await checkAll([
    ["GET / HTTP/1.1\r\n" + H + "X: y\r\n z\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + "X: y\r\n\tz\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n Host: a\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\n" + H + " \r\n\r\n", ["400"]],
  ]);
});

Deno.test("RFC 9110 §5.5: a field value has VCHAR, obs-text, SP and HTAB only; NUL, DEL and other CTLs are a 400", async () => {
  for (const ctl of [0, 1, 8, 0x0b, 0x0c, 0x0e, 0x1f, 0x7f]) {
    const c = String.fromCharCode(ctl);
    await check(`GET / HTTP/1.1\r\n${H}X: a${c}b\r\n\r\n`, ["400"]);
    await check(`GET / HTTP/1.1\r\n${H}X: ${c}\r\n\r\n`, ["400"]);
  }
  await check(`GET / HTTP/1.1\r\n${H}X: a\x80\xff\tb \r\n\r\n`, [
    "GET / 1.1",
    "end",
  ]);
});

Deno.test("RFC 9110 §5.5: OWS (SP and HTAB only) around a value is dropped, the rest kept; obs-text decodes as UTF-8", async () => {
  const head = "GET / HTTP/1.1\r\nHost:a\r\nA: \t y \t\r\nB:\r\nC: a \t b\r\n" +
    "D:\t\r\nE: caf\xc3\xa9\r\nF: \x0b\r\n\r\n";
  const reader = new RequestReader(
    source(bytes(head.replace("F: \x0b\r\n", ""))),
    DEFAULT_LIMITS,
  );
  assert.deepEqual((await reader.next())?.headers, {
    host: "a",
    a: "y",
    b: "",
    c: "a \t b",
    d: "",
    e: "café",
  });
  await check(head, ["400"]);
});

Deno.test("RFC 9110 §5.5: a U+FEFF at the start of a value or a body is data, not a byte-order mark to drop", async () => {
  const bom = "\xef\xbb\xbf";
  const reader = new RequestReader(
    source(bytes(
      `POST / HTTP/1.1\r\nHost: a\r\nConnection:${bom}close\r\n` +
        `Content-Length: 4\r\n\r\n${bom}x`,
    )),
    DEFAULT_LIMITS,
  );
  const conv = await reader.next();
  assert.equal(conv?.headers.connection, "\ufeffclose");
  assert.equal(conv?.body, "\ufeffx");
});

Deno.test("RFC 9112 §2.2: CR only as part of CRLF, and no bare LF, anywhere in the head", async () => {
  await checkAll([
    ["GET / HTTP/1.1\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1.1\rHost: a\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", ["400"]],
    ["GET / HTTP/1.1\r\nHost: a\r\n\rX", ["400"]],
    ["GET /a\rb HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET /a\nb HTTP/1.1\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1.1\r\nX\n: y\r\n" + H + "\r\n", ["400"]],
    ["GET / HTTP/1.1\r\nX:\ny\r\n" + H + "\r\n", ["400"]],
  ]);
});

Deno.test("RFC 9112 §3.2: HTTP/1.1 needs exactly one Host; HTTP/1.0 may have none; an empty Host is one", async () => {
  await checkAll([
    ["GET / HTTP/1.1\r\n\r\n", ["400"]],
    ["GET / HTTP/1.1\r\nX-Host: a\r\n\r\n", ["400"]],
    ["GET / HTTP/1.0\r\n\r\n", ["GET / 1.0", "end"]],
    ["GET / HTTP/1.1\r\nHost:\r\n\r\n", ["GET / 1.1", "end"]],
    ["GET / HTTP/1.1\r\nHOST: a\r\nhost: b\r\n\r\n", ["400"]],
    ["GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", ["400"]],
  ]);
});

Deno.test("RFC 9110 §8.6: Content-Length is 1*DIGIT between OWS (SP only after it, as llhttp), once", async () => {
  const post = (v: string) =>
    `POST / HTTP/1.1\r\n${H}Content-Length:${v}\r\n\r\nhello`;
  await checkAll([
    [post(" 5"), ['POST / 1.1 "hello"', "end"]],
    [post("5"), ['POST / 1.1 "hello"', "end"]],
    [post(" \t 5  "), ['POST / 1.1 "hello"', "end"]],
    [post(" 005"), ['POST / 1.1 "hello"', "end"]],
    [post(" 0"), ["POST / 1.1", "501"]], // then "hello" is a method
    [post(""), ["400"]],
    [post(" "), ["400"]],
    [post(" +5"), ["400"]],
    [post(" -5"), ["400"]],
    [post(" 5 5"), ["400"]],
    [post(" 5,5"), ["400"]],
    [post(" 0x5"), ["400"]],
    [post(" 5\t"), ["400"]],
    [post(" 5.0"), ["400"]],
    [post(" five"), ["400"]],
    [
      `POST / HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello`,
      ["400"],
    ],
    [
      `POST / HTTP/1.1\r\n${H}content-length: 5\r\nCONTENT-LENGTH: 6\r\n\r\nhello!`,
      ["400"],
    ],
  ]);
});

Deno.test("RFC 9112 §6.1: Transfer-Encoding must be exactly chunked, once, in HTTP/1.1, without Content-Length", async () => {
  const te = (v: string) =>
    `POST / HTTP/1.1\r\n${H}Transfer-Encoding:${v}\r\n\r\n5\r\nhello\r\n0\r\n\r\n`;
  await checkAll([
    [te(" chunked"), ['POST / 1.1 "hello"', "end"]],
    [te("\tChunked  "), ['POST / 1.1 "hello"', "end"]],
    [te(" CHUNKED"), ['POST / 1.1 "hello"', "end"]],
    [te(" gzip, chunked"), ["400"]],
    [te(" chunked, gzip"), ["400"]],
    [te(" chunked,chunked"), ["400"]],
    [te(" chunked,"), ["400"]],
    [te(" chunked;q=1"), ["400"]],
    [te(" chunked\t"), ["400"]],
    [te(" identity"), ["400"]],
    [te(" xchunked"), ["400"]],
    [te(" chunkedx"), ["400"]],
    [te(""), ["400"]],
    [
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ["400"],
    ],
    [
      `POST / HTTP/1.1\r\n${H}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ["400"],
    ],
    [
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`,
      ["400"],
    ],
    ["POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", ["400"]],
  ]);
});

// Limits, at the limit and one over.

Deno.test("limits: a head of maxHeaderBytes is read, one byte more is a 431, without waiting for its end", async () => {
  const limits = { maxHeaderBytes: 64 };
  const head = (n: number) => {
    const start = `GET / HTTP/1.1\r\n${H}X: `;
    return start + "v".repeat(n - start.length);
  };
  assert.equal(head(64).length, 64);
  await check(head(64) + "\r\n\r\n", ["GET / 1.1", "end"], limits);
  await check(head(65) + "\r\n\r\n", ["431"], limits);
  await check(head(65), ["431"], limits); // the line has not ended yet
  await check(head(62) + "\r\nY", ["431"], limits);
  // a request line alone over the limit, judged at its end
  const line = (n: number) => `GET /${"a".repeat(n - 14)} HTTP/1.0`;
  await check(
    line(64) + "\r\n\r\n",
    [`GET /${"a".repeat(50)} 1.0`, "end"],
    limits,
  );
  await check(line(65) + "\r\n\r\n", ["431"], limits);
  await check(line(65) + "\r", ["431"], limits);
});

Deno.test("limits: a target of maxTargetBytes is read, one byte more is a 414 while the request line still arrives", async () => {
  const limits = { maxTargetBytes: 16, maxHeaderBytes: 1024 };
  const at = "/" + "a".repeat(15);
  await check(
    `GET ${at} HTTP/1.1\r\n${H}\r\n`,
    [`GET ${at} 1.1`, "end"],
    limits,
  );
  await check(`GET ${at}b HTTP/1.1\r\n${H}\r\n`, ["414"], limits);
  await check(`GET ${at}b`, ["414"], limits);
  const abs = "http://a/" + "b".repeat(7);
  await check(
    `GET ${abs} HTTP/1.1\r\n${H}\r\n`,
    ["GET /bbbbbbb 1.1", "end"],
    limits,
  );
  await check(`GET ${abs}b`, ["414"], limits);
  await check(`GET http://${"a".repeat(10)}`, ["414"], limits);
  await check(`GET ${"h".repeat(17)}`, ["414"], limits);
  // the default: 8 KiB, and the head limit counts the request line too
  await check(`GET /${"a".repeat(8192)}`, ["414"]);
});

Deno.test("limits: a Content-Length of maxBodyBytes is read, one more is a 413 before any body byte", async () => {
  const limits = { maxBodyBytes: 10 };
  await check(`POST / HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\n0123456789`, [
    'POST / 1.1 "0123456789"',
    "end",
  ], limits);
  await check(`POST / HTTP/1.1\r\n${H}Content-Length: 11\r\n`, ["413"], limits);
  await check(
    `POST / HTTP/1.1\r\n${H}Content-Length: 0000000010\r\n\r\n0123456789`,
    ['POST / 1.1 "0123456789"', "end"],
    limits,
  );
  await check(
    `POST / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999`,
    [
      "413",
    ],
  );
});

// Reading: decisions at once, memory, and the connection's view.

Deno.test("RequestReader: bad bytes are rejected at once, whatever follows them", async () => {
  for (
    const prefix of [
      "BR",
      "GET /a\x80",
      "GET /a#",
      "GET * ",
      "GET / HTTP/2.0",
      "GET / HTTP/1.1\n",
      "GET / HTTP/1.1\r\nHost: a\rX",
      "GET / HTTP/1.1\r\nHost: a\r\nX: y\n",
      "GET / HTTP/1.1\r\nHost: a\r\nX :",
      "GET / HTTP/1.1\r\nHost: a\r\n X",
      "GET / HTTP/1.1\r\nHost: a\r\nHost:",
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x",
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000",
      "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: g",
      "GET / HTTP/1.0\r\nTransfer-Encoding:",
      "GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding:",
    ]
  ) {
    const out = await outcomes(bytes(prefix), { stall: true });
    assert.notEqual(out[0], "stalled", JSON.stringify(prefix));
    assert.equal(out.length, 1);
  }
});

Deno.test("RequestReader: the error names what was wrong, quoting the line as received", async () => {
  const message = async (text: string) => {
    const reader = new RequestReader(source(bytes(text)), DEFAULT_LIMITS);
    return await reader.next().then(() => "", (e: HttpError) => e.message);
  };
  assert.equal(
    await message("GARBAGE\r\n\r\n"),
    "Method GARBAGE is not implemented",
  );
  assert.equal(
    await message("GET / HTTP/1.1\r\nHost x\r\n\r\n"),
    'Cannot parse header line "Host x"',
  );
  assert.equal(
    await message("GET / HTTP/1.1\r\nHost: a\r\nX: y\nZ: w\r\n\r\n"),
    'Cannot parse header line "X: y": bare LF',
  );
  assert.equal(
    await message("GET / HTTP/1.1\r\nHost: a\rZ: w\r\n\r\n"),
    'Cannot parse header line "Host: a": CR without LF',
  );
  assert.equal(
    await message("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ten\r\n\r\n"),
    'Invalid Content-Length "ten"',
  );
  assert.equal(
    await message(
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n",
    ),
    "The body is 1048577 bytes; the limit is 1048576",
  );
  assert.equal(
    await message("GET / HTTP/2.0\r\n\r\n"),
    "HTTP/2.0 is not supported",
  );
});

Deno.test("RequestReader: byte-at-a-time and one-shot delivery of pipelined requests agree", async () => {
  const stream = "\r\nGET /a HTTP/1.1\r\n" + H + "\r\n" +
    `POST /b?c HTTP/1.1\r\n${H}Content-Length: 3\r\n\r\nxyz` +
    `POST /d HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2;e=f\r\nhi\r\n0\r\nT: u\r\n\r\n` +
    "\r\nOPTIONS * HTTP/1.0\r\n\r\n" +
    "GET http://x/e HTTP/1.2\r\n" + H + "\r\n";
  const expected = [
    "GET /a 1.1",
    'POST /b?c 1.1 "xyz"',
    'POST /d 1.1 "hi"',
    "OPTIONS * 1.0",
    "GET /e 1.1",
    "end",
  ];
  await check(stream, expected);
  for (const step of [2, 3, 5, 7, 11]) {
    assert.deepEqual(await outcomes(bytes(stream), { step }), expected);
  }
});

Deno.test("RequestReader: after a 1 MiB body the buffer goes back to 4 KiB, and the next request is read", async () => {
  const body = "a".repeat(1024 * 1024);
  const text =
    `POST /big HTTP/1.1\r\n${H}Content-Length: ${body.length}\r\n\r\n${body}` +
    `POST /chunked HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n` +
    `${(512 * 1024).toString(16)}\r\n${body.slice(0, 512 * 1024)}\r\n` +
    `${(512 * 1024).toString(16)}\r\n${
      body.slice(0, 512 * 1024)
    }\r\n0\r\n\r\n` +
    `GET /small HTTP/1.1\r\n${H}\r\n`;
  let biggest = 0;
  const src = source(bytes(text), { step: 64 * 1024 });
  const reader: RequestReader = new RequestReader({
    read(buffer) {
      biggest = Math.max(biggest, reader.bufferBytes);
      return src.read(buffer);
    },
  }, DEFAULT_LIMITS);
  assert.equal(reader.bufferBytes, 4096);
  assert.equal((await reader.next())?.body.length, body.length);
  assert.equal(reader.bufferBytes, 4096);
  assert.equal((await reader.next())?.body, body);
  assert.equal(reader.bufferBytes, 4096);
  assert.equal((await reader.next())?.path, "/small");
  assert.equal(reader.bufferBytes, 4096);
  // while reading, no more than the body limit and one small buffer
  assert.ok(
    biggest >= body.length && biggest <= body.length + 2 * 4096,
    `${biggest}`,
  );
});

Deno.test("RequestReader: a flood of empty lines before a request is dropped as it comes", async () => {
  const text = "\r\n".repeat(50_000) + "GET / HTTP/1.1\r\n" + H + "\r\n";
  const src = source(bytes(text), { step: 1000 });
  let biggest = 0;
  let partial = false;
  const reader: RequestReader = new RequestReader({
    read(buffer) {
      biggest = Math.max(biggest, reader.bufferBytes);
      partial ||= reader.partial;
      return src.read(buffer);
    },
  }, DEFAULT_LIMITS);
  assert.equal((await reader.next())?.path, "/");
  assert.equal(biggest, 4096);
  assert.equal(partial, false); // empty lines are no part of a request
});

Deno.test("RequestReader: a request is partial from its first byte until its body has been read", async () => {
  const head = bytes(`POST / HTTP/1.1\r\n${H}Content-Length: 2\r\n\r\n`);
  const seen: boolean[] = [];
  let reads = 0;
  const reader: RequestReader = new RequestReader({
    read(buffer) {
      seen.push(reader.partial);
      reads++;
      if (reads === 1) {
        buffer.set(head);
        return Promise.resolve(head.length);
      }
      if (reads === 2) {
        buffer.set(bytes("ok"));
        return Promise.resolve(2);
      }
      return Promise.resolve(null);
    },
  }, DEFAULT_LIMITS);
  assert.equal((await reader.next())?.body, "ok");
  assert.equal(reader.partial, false);
  assert.equal(await reader.next(), undefined);
  assert.deepEqual(seen, [false, true, false]);
});

Deno.test("RequestReader: raw is the request as received, from its request line", async () => {
  const text =
    `\r\nPOST /x HTTP/1.1\r\nHost: a\r\nX: caf\u00e9\r\nContent-Length: 5\r\n\r\nhello`;
  const reader = new RequestReader(source(utf8(text)), DEFAULT_LIMITS);
  await reader.next(true);
  assert.equal(reader.raw, text.slice(2));
});

Deno.test("RequestReader: a head of many fields is read whole, and the next request after it too", async () => {
  const fields = Array.from({ length: 300 }, (_, i) => `X-${i}: ${i}\r\n`);
  const text = `GET /many HTTP/1.1\r\n${H}${fields.join("")}\r\n` +
    `GET /few HTTP/1.1\r\n${H}X-0: again\r\n\r\n`;
  const reader = new RequestReader(source(bytes(text), { step: 100 }), {
    ...DEFAULT_LIMITS,
    maxHeaderBytes: 16384,
  });
  const many = await reader.next();
  assert.equal(Object.keys(many?.headers ?? {}).length, 301);
  assert.equal(many?.headers["x-299"], "299");
  const few = await reader.next();
  assert.deepEqual(few?.headers, { host: "a", "x-0": "again" });
});
