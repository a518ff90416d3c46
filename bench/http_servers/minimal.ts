/**
 * Bench server: the least a `Deno.listen` loop can do, with no processes
 * and no parsing beyond finding each request's end in the bytes: one
 * prebuilt response per request, keep-alive unless the request says
 * `Connection: close`.
 *
 * @module
 */

const port = Number(Deno.args[0]);
const encoder = new TextEncoder();
const body = "Bears, Lions, Tigers";
const response = (close: boolean) =>
  encoder.encode(
    `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n` +
      `${close ? "Connection: close\r\n" : ""}\r\n${body}`,
  );
const KEEP = response(false);
const CLOSE = response(true);
const CLOSE_HEADER = encoder.encode("onnection: close");

/**
 * The end of the head that starts at `from`, scanning only the bytes
 * received (`indexOf` on the whole buffer would also scan its stale rest:
 * a handicap for the baseline).
 */
function endOfHead(buf: Uint8Array, from: number, to: number): number {
  for (let i = from; i + 3 < to; i++) {
    if (
      buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 &&
      buf[i + 3] === 10
    ) return i + 4;
  }
  return -1;
}

function wantsClose(buf: Uint8Array, from: number, to: number): boolean {
  const last = to - CLOSE_HEADER.length;
  outer: for (let i = from; i <= last; i++) {
    for (let k = 0; k < CLOSE_HEADER.length; k++) {
      if (buf[i + k] !== CLOSE_HEADER[k]) continue outer;
    }
    return true;
  }
  return false;
}

async function serve(conn: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(16384);
  let start = 0, end = 0;
  try {
    for (;;) {
      const n = await conn.read(buf.subarray(end));
      if (n === null) return;
      end += n;
      for (
        let e = endOfHead(buf, start, end);
        e !== -1;
        e = endOfHead(buf, start, end)
      ) {
        const close = wantsClose(buf, start, e);
        start = e;
        await conn.write(close ? CLOSE : KEEP);
        if (close) return;
      }
      if (start === end) start = end = 0;
    }
  } catch {
    // the client went
  } finally {
    try {
      conn.close();
    } catch {
      // already closed
    }
  }
}

const listener = Deno.listen({ port, hostname: "127.0.0.1" });
console.log("ready");
for await (const conn of listener) {
  conn.setNoDelay(true); // as servy does
  serve(conn);
}
