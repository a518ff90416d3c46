import assert from "node:assert/strict";
import type { Pid } from "../../lib/actor/mod.ts";
import {
  connect,
  type Connection,
  openConnections,
} from "../../lib/net/tcp_listener.ts";
import { start } from "../../lib/servy/http_server.ts";
import { openFds, socketsIn } from "../_fds.ts";
import { testRuntime } from "../_support.ts";

const GET = "GET /wildthings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
const encoder = new TextEncoder();

/** Clients stop; one still reading a socket nobody serves is cut. */
class Stop {
  now = false;
  readonly open = new Set<Connection>();
  cut(): void {
    this.now = true;
    for (const conn of this.open) conn.close();
    this.open.clear();
  }
}

/** A client that connects, asks, reads to the end, again, until `stop`. */
async function client(port: number, stop: Stop): Promise<number> {
  const buffer = new Uint8Array(4096);
  let served = 0;
  while (!stop.now) {
    const conn = await connect(port).catch(() => undefined);
    if (conn === undefined) {
      await new Promise((r) => setTimeout(r, 0)); // refused: the next server
      continue;
    }
    stop.open.add(conn);
    try {
      await conn.write(encoder.encode(GET));
      while (await conn.read(buffer) !== null) served++;
    } catch {
      // reset by a closing listener or a dying server
    } finally {
      if (stop.open.delete(conn)) conn.close();
    }
  }
  return served;
}

Deno.test({
  name:
    "HttpServer: an accepted socket always has an owner: 1,000 kills of the server while clients connect leave no socket open once the runtime stops",
  ignore: Deno.build.os !== "linux", // counts in /proc
}, async () => {
  const fdsBefore = openFds();
  const connectionsBefore = openConnections();
  let port = 0;
  let kills = 0;
  let served: number[];
  {
    await using rt = testRuntime();
    const startServer = () => {
      const listening = Promise.withResolvers<Pid>();
      const pid: Pid = rt.spawn((self) =>
        start(self, {
          port,
          console: () => {},
          quiet: true,
          onListening: (p) => {
            port = p;
            listening.resolve(pid);
          },
        })
      );
      return listening.promise;
    };
    let pid = await startServer();
    const stop = new Stop();
    const clients = Array.from({ length: 4 }, () => client(port, stop));
    const deadline = performance.now() + 8000;
    for (; kills < 1000 && performance.now() < deadline; kills++) {
      // Kill at a varying moment: waiting in accept, or just past it.
      for (let i = 0; i < kills % 3; i++) {
        await new Promise((r) => setTimeout(r, 0));
      }
      const down = rt.monitor(pid);
      rt.exit(pid, "kill");
      await down;
      pid = await startServer();
    }
    stop.cut();
    served = await Promise.all(clients);
  }
  assert.ok(kills >= 100, `only ${kills} kills in 8 s`);
  assert.ok(served.every((n) => n > 0), `served ${served}`);
  assert.equal(openConnections(), connectionsBefore);
  assert.equal(socketsIn(port, "CLOSE_WAIT"), 0);
  // Process-wide: what earlier tests left may close meanwhile, never open.
  const fdsAfter = openFds();
  assert.ok(
    fdsAfter <= fdsBefore,
    `${fdsBefore} fds before, ${fdsAfter} after`,
  );
});

/** The prototype of the generator a live process's body made. */
function bodyPrototype(pid: Pid): object | null {
  const gen = (pid.proc as { gen?: object }).gen;
  assert.ok(gen !== undefined, `${pid} has no body running`);
  return Object.getPrototypeOf(gen);
}

Deno.test("HttpServer: every connection's process runs one body function, not a new one each (V8 gives a new generator function a hidden class in its old generation, which kept each closed connection alive through minor GCs)", async () => {
  await using rt = testRuntime();
  const spawned: Pid[] = [];
  rt.events.listen((e) => e.type === "spawn" && spawned.push(e.pid));
  const port = await new Promise<number>((onListening) =>
    rt.spawn((self) =>
      start(self, { port: 0, console: () => {}, quiet: true, onListening })
    )
  );
  const clients: Connection[] = [];
  for (let i = 0; i < 2; i++) {
    const conn = await connect(port);
    clients.push(conn);
    await conn.write(
      encoder.encode("GET /wildthings HTTP/1.1\r\nHost: x\r\n\r\n"),
    );
    await conn.read(new Uint8Array(4096)); // answered; kept alive, idle
  }
  try {
    const [first, second] = spawned.slice(1); // after the server's own
    assert.ok(second !== undefined, `spawned ${spawned}`);
    assert.equal(bodyPrototype(first), bodyPrototype(second));
  } finally {
    for (const conn of clients) conn.close();
  }
});
