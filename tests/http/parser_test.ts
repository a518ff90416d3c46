import assert from "node:assert/strict";
import {
  DEFAULT_LIMITS,
  HttpError,
  parse,
  RequestReader,
} from "../../lib/http/mod.ts";

/** A source that hands out the bytes `step` at a time, then ends. */
function source(text: string, step: number) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(step, buffer.length, bytes.length - at);
      buffer.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

Deno.test("parse: the course's request, header names in lower case, the query apart from the path", () => {
  const conv = parse(
    "GET /bears?id=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ExampleBrowser/1.0\r\nAccept: */*\r\n\r\n",
  );
  assert.equal(conv.method, "GET");
  assert.equal(conv.path, "/bears");
  assert.equal(conv.query, "id=1");
  assert.deepEqual(conv.headers, {
    host: "example.com",
    "user-agent": "ExampleBrowser/1.0",
    accept: "*/*",
  });
  assert.deepEqual(conv.respHeaders, { "Content-Type": "text/html" });
});

Deno.test("parse: repeated headers are joined; two Content-Lengths are a 400, even equal ones (as llhttp)", () => {
  const conv = parse(
    "GET / HTTP/1.1\r\nHost: x\r\nAccept: a\r\naccept: b\r\n\r\n",
  );
  assert.equal(conv.headers.accept, "a, b");
  for (const second of ["2", "1"]) {
    assert.throws(
      () =>
        parse(
          `GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: ${second}\r\n\r\nxx`,
        ),
      (e) => e instanceof HttpError && e.status === 400,
    );
  }
});

Deno.test("parse: the course's POST as a heredoc has it (a newline after the body); bytes after the request are ignored", () => {
  const conv = parse(
    "POST /bears HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ExampleBrowser/1.0\r\nAccept: */*\r\n" +
      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n\r\nname=Baloo&type=Brown\n",
  );
  assert.equal(conv.body, "name=Baloo&type=Brown");
  assert.deepEqual(conv.params, { name: "Baloo", type: "Brown" });
});

Deno.test("parse: a JSON body, a chunked body, and a Content-Type with parameters and OWS", () => {
  const json = parse(
    'POST /api/bears HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n{"name": "Breezly", "age": 12}',
  );
  assert.deepEqual(json.params, { name: "Breezly", age: "12" });
  const chunked = parse(
    "POST /bears HTTP/1.1\r\nHost: x\r\nContent-Type: \tapplication/x-www-form-urlencoded ; charset=utf-8\r\n" +
      "Transfer-Encoding: chunked\r\n\r\n6\r\nname=B\r\nF;x=1\r\naloo&type=Brown\r\n0\r\nX-T: v\r\n\r\n",
  );
  assert.equal(chunked.body, "name=Baloo&type=Brown");
  assert.deepEqual(chunked.params, { name: "Baloo", type: "Brown" });
});

Deno.test("parse: a head that does not end, or a body shorter than its Content-Length, is a 400", () => {
  for (
    const text of [
      "GET / HTTP/1.1\r\nHost: x\r\n",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab",
      "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
    ]
  ) {
    assert.throws(
      () => parse(text),
      (e) => e instanceof HttpError && e.status === 400,
      JSON.stringify(text),
    );
  }
});

Deno.test("parse: header names that Object.prototype has are plain headers", () => {
  const conv = parse(
    "GET / HTTP/1.1\r\nHost: x\r\nConstructor: a\r\n__proto__: b\r\ntoString: c\r\n__proto__: d\r\n\r\n",
  );
  assert.equal(conv.headers.constructor, "a");
  assert.equal(conv.headers.tostring, "c");
  assert.equal(
    Object.getOwnPropertyDescriptor(conv.headers, "__proto__")?.value,
    "b, d",
  );
  assert.equal(Object.getPrototypeOf(conv.headers), Object.prototype);
});

Deno.test("RequestReader: a request that arrives a byte at a time, then one pipelined behind it", async () => {
  const text =
    "POST /pledges HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\nname=larry&amount=10" +
    "GET /pledges HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const step of [1, 7, 4096]) {
    const reader = new RequestReader(source(text, step), DEFAULT_LIMITS);
    const first = await reader.next();
    assert.deepEqual(first?.params, { name: "larry", amount: "10" });
    const second = await reader.next(true);
    assert.equal(second?.method, "GET");
    assert.equal(reader.raw, "GET /pledges HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.equal(await reader.next(), undefined);
  }
});

Deno.test("RequestReader: a body bigger than the first buffer is read whole, in UTF-8", async () => {
  const name = "🐻".repeat(10_000);
  const body = `name=${encodeURIComponent(name)}&type=Brown`;
  const text =
    `POST /bears HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  const reader = new RequestReader(source(text, 1000), DEFAULT_LIMITS);
  assert.equal((await reader.next())?.params.name, name);
});

Deno.test("RequestReader: a client that stops inside a request is a 400, between requests a clean end", async () => {
  const cut = new RequestReader(
    source("GET / HTTP/1.1\r\nHo", 5),
    DEFAULT_LIMITS,
  );
  await assert.rejects(
    () => cut.next(),
    (e) => e instanceof HttpError && e.status === 400,
  );
  const short = new RequestReader(
    source("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab", 5),
    DEFAULT_LIMITS,
  );
  await assert.rejects(() => short.next(), /ended before its body/);
  const none = new RequestReader(source("", 5), DEFAULT_LIMITS);
  assert.equal(await none.next(), undefined);
});
