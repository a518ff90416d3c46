import assert from "node:assert/strict";
import * as net from "node:net";
import { denoTcp } from "../../lib/net/deno_tcp.ts";
import { listening, nodeTcp } from "../../lib/net/node_tcp.ts";
import {
  AcceptError,
  acceptError,
  ListenerClosedError,
  openConnections,
  type Tcp,
} from "../../lib/net/tcp.ts";

const hosts: [string, Tcp][] = [["Deno", denoTcp], ["Node", nodeTcp]];

for (const [name, tcp] of hosts) {
  Deno.test(`${name} accept: an accepted connection counts in openConnections until its first close`, async () => {
    const listener = await tcp.listen(0, "127.0.0.1");
    const before = openConnections();
    const client = await tcp.connect(listener.port, "127.0.0.1");
    const conn = await listener.accept();
    assert.equal(openConnections(), before + 1);
    conn.close();
    conn.close(); // closing is idempotent, and counted once
    assert.equal(openConnections(), before);
    assert.equal(await client.read(new Uint8Array(8)).catch(() => null), null);
    client.close();
    listener.close();
  });

  Deno.test(`${name} accept: closing the listener rejects the pending accept with ListenerClosedError`, async () => {
    const listener = await tcp.listen(0, "127.0.0.1");
    const pending = listener.accept();
    listener.close();
    await assert.rejects(pending, ListenerClosedError);
    await assert.rejects(listener.accept(), ListenerClosedError);
  });

  Deno.test(`${name} accept: a connection not taken when the listener closes is closed, not left open`, async () => {
    const listener = await tcp.listen(0, "127.0.0.1");
    const before = openConnections();
    const client = await tcp.connect(listener.port, "127.0.0.1");
    await new Promise((r) => setTimeout(r, 0)); // the host may accept it now
    listener.close();
    assert.equal(openConnections(), before);
    assert.equal(await client.read(new Uint8Array(8)).catch(() => null), null);
    client.close();
  });
}

Deno.test("Node accept: an EMFILE emitted by the server is an AcceptError for the next accept, which then takes the next connection", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const listener = listening(server, 0);
  const pending = listener.accept();
  server.emit(
    "error",
    Object.assign(new Error("accept EMFILE"), { code: "EMFILE" }),
  );
  const error = await pending.catch((e) => e);
  assert.ok(error instanceof AcceptError);
  assert.equal(
    error.message,
    "Cannot accept a connection: out of file descriptors (EMFILE)",
  );
  const client = await nodeTcp.connect(listener.port, "127.0.0.1");
  const conn = await listener.accept();
  conn.close();
  client.close();
  listener.close();
});

Deno.test("Node accept: a connection Node hands over after the listener closed is destroyed", async () => {
  const other = net.createServer();
  await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
  const accepted = new Promise<net.Socket>((r) => other.once("connection", r));
  const client = net.connect(
    (other.address() as net.AddressInfo).port,
    "127.0.0.1",
  );
  const socket = await accepted;
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const listener = listening(server, 0);
  const before = openConnections();
  listener.close();
  server.emit("connection", socket);
  assert.equal(socket.destroyed, true);
  assert.equal(openConnections(), before);
  await new Promise((r) => client.once("close", r));
  other.close();
});

Deno.test('acceptError: the codes that mean "not now" become AcceptError; others stay as they are', () => {
  for (const code of ["EMFILE", "ENFILE", "ENOBUFS", "ECONNABORTED"]) {
    const e = acceptError(Object.assign(new Error(code), { code }));
    assert.ok(e instanceof AcceptError && e.code === code);
  }
  const bad = Object.assign(new Error("bad"), { code: "EBADF" });
  assert.equal(acceptError(bad), bad);
  assert.equal(acceptError("EMFILE"), "EMFILE");
  assert.equal(acceptError(null), null);
});

Deno.test("Node accept: errors emitted while no accept waits are kept as one, reported by the next accept", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const listener = listening(server, 0);
  for (let i = 0; i < 1000; i++) {
    server.emit(
      "error",
      Object.assign(new Error("accept ENFILE"), { code: "ENFILE" }),
    );
  }
  await assert.rejects(listener.accept(), AcceptError);
  const next = listener.accept(); // waits: no second error is left
  const client = await nodeTcp.connect(listener.port, "127.0.0.1");
  const conn = await next;
  conn.close();
  client.close();
  listener.close();
});
