import assert from "node:assert/strict";
import {
  ArgumentError,
  isDown,
  isExit,
  Port,
  type PortDown,
  type Self,
} from "../../lib/actor/mod.ts";
import { serveApp, testRuntime } from "../_support.ts";

function isPortDown(m: unknown): m is PortDown {
  return isDown(m) && "port" in m;
}

/** An owner that opens a port (its closer records the reason), hands it over, then exits with the message it gets. */
function owner(closed: unknown[], handTo: (port: Port) => void) {
  return async function* (self: Self) {
    handTo(self.openPort((reason) => closed.push(reason)));
    self.exit(yield* self.receive());
  };
}

Deno.test("Port.monitor: Port.close gives {:DOWN, ref, :port, port, :normal}", async () => {
  await using rt = testRuntime();
  const closed: unknown[] = [];
  const got = await rt.run(async function* (self) {
    const port = self.openPort((reason) => closed.push(reason));
    const ref = self.Port.monitor(port);
    const closedNow = self.Port.close(port);
    const down = yield* self.receive(isPortDown);
    return { port, ref, closedNow, down };
  });
  assert.equal(got.closedNow, true);
  assert.deepEqual(got.down, {
    type: "DOWN",
    ref: got.ref,
    port: got.port,
    reason: "normal",
  });
  assert.deepEqual(closed, ["normal"]);
});

Deno.test("Port.monitor: a port closed by its owner's exit gives the owner's reason, :killed for a kill", async () => {
  await using rt = testRuntime();
  const closed: unknown[] = [];
  const got = await rt.run(async function* (self) {
    const ports: Port[] = [];
    const a = self.spawn(owner(closed, (p) => ports.push(p)));
    const b = self.spawn(owner(closed, (p) => ports.push(p)));
    yield* self.sleep(0); // both have opened their ports
    const refA = self.Port.monitor(ports[0]);
    const refB = self.Port.monitor(ports[1]);
    self.send(a, "kaboom");
    self.exit(b, "kill");
    const downs = [
      yield* self.receive(isPortDown),
      yield* self.receive(isPortDown),
    ];
    return { ports, refA, refB, downs };
  });
  const byRef = new Map(got.downs.map((d) => [d.ref, d]));
  assert.deepEqual(byRef.get(got.refA), {
    type: "DOWN",
    ref: got.refA,
    port: got.ports[0],
    reason: "kaboom",
  });
  assert.equal(byRef.get(got.refB)?.reason, "killed");
  assert.deepEqual(closed.sort(), ["kaboom", "killed"]);
});

Deno.test("Port.monitor: a closed port gives a ref and at once DOWN :noproc", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const port = self.openPort(() => {});
    self.Port.close(port);
    const ref = self.Port.monitor(port);
    return { port, ref, down: yield* self.receive(isPortDown, { after: 0 }) };
  });
  assert.deepEqual(got.down, {
    type: "DOWN",
    ref: got.ref,
    port: got.port,
    reason: "noproc",
  });
});

Deno.test("Port.demonitor: no DOWN after it; a watcher's exit drops its monitors from the port", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const port = self.openPort(() => {});
    const ref = self.Port.monitor(port);
    const removed = self.Port.demonitor(ref, { info: true });
    const watcher = self.spawn(async function* (w) {
      w.Port.monitor(port);
      yield* w.receive();
    });
    yield* self.sleep(0);
    const watched = port.watchers?.size;
    self.exit(watcher, "kill");
    const left = port.watchers?.size;
    self.Port.close(port);
    const down = yield* self.receive(isPortDown, { after: 0 });
    return { removed, watched, left, down };
  });
  assert.equal(got.removed, true);
  assert.equal(got.watched, 1);
  assert.equal(got.left, 0);
  assert.equal(typeof got.down, "symbol"); // no DOWN for the removed monitor
});

Deno.test("Port.info: name, links, id and connected (the owner); nil once closed", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const port = self.openPort(() => {});
    const all = self.Port.info(port);
    const connected = self.Port.info(port, "connected");
    self.Port.close(port);
    return {
      port,
      all,
      connected,
      closed: self.Port.info(port),
      closedItem: self.Port.info(port, "links"),
      pid: self.pid,
    };
  });
  assert.deepEqual(got.all, {
    name: "tcp_inet",
    links: [got.pid],
    id: got.port.id,
    connected: got.pid,
  });
  assert.equal(got.connected, got.pid);
  assert.equal(got.closed, undefined);
  assert.equal(got.closedItem, undefined);
});

Deno.test("Port.close: a trapping owner gets {:EXIT, port, :normal}, the link is gone; a closed port raises ArgumentError", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const port = self.openPort(() => {});
    self.Port.close(port);
    const exit = yield* self.receive(isExit, { after: 0 });
    const links = self.info(self.pid, "links");
    let error: unknown;
    try {
      self.Port.close(port);
    } catch (e) {
      error = e;
    }
    return { port, exit, links, error };
  });
  assert.deepEqual(got.exit, {
    type: "EXIT",
    from: got.port,
    reason: "normal",
  });
  assert.deepEqual(got.links, []);
  assert.ok(got.error instanceof ArgumentError);
  assert.equal(
    (got.error as Error).message,
    `Cannot close ${got.port}: the port is not open`,
  );
});

Deno.test("Port.close: from another process, closes the owner's port and the owner (not trapping) lives on", async () => {
  await using rt = testRuntime();
  const closed: unknown[] = [];
  const got = await rt.run(async function* (self) {
    let port: Port | undefined;
    const pid = self.spawn(owner(closed, (p) => port = p));
    yield* self.sleep(0);
    const ref = self.Port.monitor(port!);
    self.Port.close(port!);
    const down = yield* self.receive(isPortDown);
    const links = self.info(pid, "links");
    const alive = self.alive(pid);
    self.exit(pid, "kill");
    return { ref, down, links, alive };
  });
  assert.equal(got.down.ref, got.ref);
  assert.equal(got.down.reason, "normal");
  assert.deepEqual(got.links, []);
  assert.equal(got.alive, true);
  assert.deepEqual(closed, ["normal"]);
});

Deno.test("Port.monitor: the HTTP server's listen socket closes with the server's exit reason", async () => {
  await using app = await serveApp();
  const links = await app.run(async function* (self) {
    return self.info(app.server, "links") ?? [];
  });
  const listen = links.find((l): l is Port => l instanceof Port);
  assert.ok(listen, "the server owns its listen socket's port");
  const down = app.monitor(listen);
  app.exit(app.server, "kaboom");
  const { type, port, reason } = await down;
  assert.deepEqual({ type, port, reason }, {
    type: "DOWN",
    port: listen,
    reason: "kaboom",
  });
  assert.equal(listen.open, false);
});
