/**
 * The request path bench's child (request_path.ts): serves `GET
 * /wildthings` with the servy tree at the root given as its argument, over
 * an in-memory socket, and prints the ns a request of its fastest run. It
 * imports nothing of Deno's Node layer, as `servy serve` does not: what the
 * layer loads would run beside the path.
 *
 * @module
 */

/** Requests a child times, per run. */
export const REQUESTS = 50_000;
/**
 * Runs a child times, after two to warm up; it reports the fastest, since
 * on a shared machine noise only ever adds (its runs spread 2.9–5.4 µs).
 */
export const RUNS = 9;
const REQUEST = "GET /wildthings HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\r\n";

/** Serves the requests with the tree at `root`; prints ns each. */
async function child(root: string): Promise<void> {
  const at = (path: string) => import(`${root}/lib/${path}`);
  const { realClock, startRuntime } = await at("actor/mod.ts");
  const http = await at("http/mod.ts");
  const { handler } = await at("servy/handler.ts");
  const { readGate } = await at("net/deno_tcp.ts");
  const request = new TextEncoder().encode(REQUEST);
  const turn = new MessageChannel();
  let landed = () => {};
  turn.port2.onmessage = () => landed();
  const source = {
    left: 0,
    read(buffer: Uint8Array): Promise<number | null> {
      if (this.left-- <= 0) return Promise.resolve(null);
      buffer.set(request);
      if (this.left % 32 !== 0) return Promise.resolve(request.length);
      return new Promise((resolve) => {
        landed = () => resolve(request.length);
        turn.port1.postMessage(null);
      });
    },
  };
  const took = (data: Uint8Array) => Promise.resolve(data.length);
  const socket = {
    read: (buffer: Uint8Array) => readGate.read(source, buffer),
    write: took,
    closeWrite: () => Promise.resolve(),
    close: () => {},
  };
  const buffer = new http.LogBuffer({ write: took, writeSync: took });
  const options = {
    handler: handler({ log: http.accessLog(buffer, realClock) }),
    table: new http.ConnectionTable(),
    server: "servy",
  };
  const rt = startRuntime();
  const serve = (n: number) =>
    new Promise<number>((done) => {
      source.left = n;
      const start = performance.now();
      // deno-lint-ignore no-explicit-any
      rt.spawn(async function* (self: any) {
        yield* http.serveConnection(self, socket, options);
        done((performance.now() - start) * 1e6 / n);
      });
    });
  for (let i = 0; i < 2; i++) await serve(REQUESTS); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await serve(REQUESTS));
  if (buffer.discardedTotal > 0) throw new Error("the access log discarded");
  turn.port1.close();
  console.log(Math.min(...runs).toFixed(0));
}

if (import.meta.main) {
  await child(Deno.args[0]);
  // A baseline tree whose runtime keeps a cancelled timer's host timer
  // armed (before this row came in) would hold the child for the
  // connection's 10 s idle deadline.
  Deno.exit(0);
}
