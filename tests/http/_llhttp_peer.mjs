/**
 * The llhttp side of the differential test (differential_test.ts): a
 * `node:http` server in strict mode that reports, for every connection,
 * what llhttp parsed out of its bytes. It is a Node script, not a Deno
 * module: the test spawns `node` on it as a child process.
 *
 * 1. It listens on 127.0.0.1, port 0, and prints one line
 *    `{"port", "node", "llhttp"}` on stdout.
 * 2. Each request it parses gets an empty 200, so keep-alive and
 *    pipelining go on as Node's own server would have them; the request's
 *    method, target, version, header lines, trailer names and body are
 *    kept with the connection (byte strings as base64, so nothing is lost
 *    to a decoding).
 * 3. A `clientError` (llhttp's `HPE_*` code) is kept with the connection,
 *    which is destroyed at once, without Node's own 400.
 * 4. When a connection closes, one line is printed on stdout:
 *    `{"port": <the client's port>, "requests": [...], "error": code|null}`.
 *
 * What is not llhttp's is turned off: the Host check (`requireHostHeader`;
 * the test applies RFC 9112 §3.2 itself), the request and header timeouts,
 * and the half-open abort (the test half-closes after its bytes, and a
 * request parsed before that end must still be answered).
 *
 * @module
 */

import http from "node:http";

const server = http.createServer({
  insecureHTTPParser: false, // llhttp strict, whatever NODE_OPTIONS says
  maxHeaderSize: 8192, // servy's DEFAULT_LIMITS.maxHeaderBytes
  requireHostHeader: false,
  requestTimeout: 0,
  headersTimeout: 0,
  keepAliveTimeout: 600_000,
  connectionsCheckingInterval: 600_000,
});
server.httpAllowHalfOpen = true;

/** @type {WeakMap<import("node:net").Socket, {port: number, requests: object[], error: string | null}>} */
const connections = new WeakMap();

const b64 = (text) => Buffer.from(text, "latin1").toString("base64");

server.on("connection", (socket) => {
  const record = { port: socket.remotePort, requests: [], error: null };
  connections.set(socket, record);
  socket.on("error", () => {}); // a reset from the client ends it too
  socket.on("close", () => {
    // Body chunks are delivered on the next ticks; let them land first.
    setImmediate(() => {
      for (const request of record.requests) {
        request.body = Buffer.concat(request.chunks).toString("base64");
        delete request.chunks;
      }
      process.stdout.write(JSON.stringify(record) + "\n");
    });
  });
});

server.on("request", (req, res) => {
  const record = connections.get(req.socket);
  const request = {
    method: req.method,
    url: b64(req.url),
    version: req.httpVersion,
    headers: [],
    trailers: [],
    chunks: [],
    complete: false,
    keepAlive: res.shouldKeepAlive,
  };
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    request.headers.push([b64(req.rawHeaders[i]), b64(req.rawHeaders[i + 1])]);
  }
  record?.requests.push(request);
  req.on("error", () => {});
  res.on("error", () => {});
  req.on("data", (chunk) => request.chunks.push(chunk));
  req.on("end", () => {
    request.complete = req.complete;
    for (let i = 0; i < req.rawTrailers.length; i += 2) {
      request.trailers.push(b64(req.rawTrailers[i]));
    }
    res.writeHead(200, { "Content-Length": "0" });
    res.end();
  });
});

server.on("clientError", (error, socket) => {
  const record = connections.get(socket);
  if (record !== undefined && record.error === null) {
    record.error = error.code ?? String(error);
  }
  socket.destroy();
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  process.stdout.write(
    JSON.stringify({
      port,
      node: process.version,
      llhttp: process.versions.llhttp,
    }) + "\n",
  );
});

// The test ends the peer by closing its stdin (or by killing it).
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
