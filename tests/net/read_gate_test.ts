import assert from "node:assert/strict";
import { ReadGate } from "../../lib/net/read_gate.ts";
import { denoTcp, readGate } from "../../lib/net/deno_tcp.ts";
import { LogBuffer } from "../../lib/http/log_buffer.ts";
import { housekeeping } from "../../lib/sys/beat.ts";

/** A host timer the test runs by hand. */
function manualTimers() {
  const due: (() => void)[] = [];
  return {
    schedule: (_ms: number, fn: () => void) => void due.push(fn),
    get pending() {
      return due.length;
    },
    /** Runs the timers due now (not those they set). */
    tick() {
      for (const fn of due.splice(0)) fn();
    },
  };
}

/** A socket whose read finishes when the test says. */
function socket() {
  const s = {
    started: 0,
    finish: (_n: number | null) => {},
    fail: (_e: Error) => {},
    read(_buffer: Uint8Array): Promise<number | null> {
      s.started++;
      return new Promise((resolve, reject) => {
        s.finish = resolve;
        s.fail = reject;
      });
    },
  };
  return s;
}

const buffer = new Uint8Array(1);
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

Deno.test("ReadGate: at most `limit` reads wait on the host; the next start first come, first served, as reads finish", async () => {
  const timers = manualTimers();
  const gate = new ReadGate(2, 5, timers.schedule);
  const [a, b, c, d] = [socket(), socket(), socket(), socket()];
  const reads = [a, b, c, d].map((s) => gate.read(s, buffer));
  assert.deepEqual([a, b, c, d].map((s) => s.started), [1, 1, 0, 0]);
  assert.equal(gate.queued, 2);
  b.finish(7);
  assert.equal(await reads[1], 7);
  await settle();
  assert.deepEqual([c.started, d.started], [1, 0]); // c asked first
  a.fail(new Error("reset"));
  await assert.rejects(reads[0], /reset/); // a failed read frees its turn too
  await settle();
  assert.equal(d.started, 1);
  assert.equal(gate.inFlight, 2);
});

Deno.test("ReadGate: reads idle for two sweeps stop counting, so idle keep-alive clients never hold a busy one's turn", async () => {
  const timers = manualTimers();
  const gate = new ReadGate(3, 5, timers.schedule);
  const idle = [socket(), socket(), socket()];
  for (const s of idle) void gate.read(s, buffer);
  const busy = socket();
  const reading = gate.read(busy, buffer);
  assert.equal(busy.started, 0); // all three turns are taken
  timers.tick(); // 5 ms: the idle reads are one sweep old, still counted
  await settle();
  assert.equal(busy.started, 0);
  timers.tick(); // 10 ms: two sweeps old: idle, no longer counted
  await settle();
  assert.equal(busy.started, 1);
  assert.equal(gate.inFlight, 1);
  idle[0].finish(1); // an idle read that finishes later frees nothing twice
  await settle();
  assert.equal(gate.inFlight, 1);
  busy.finish(3);
  assert.equal(await reading, 3);
  assert.equal(gate.inFlight, 0);
});

Deno.test("ReadGate: the sweep stops once nothing is counted (an idle server sets no timers)", async () => {
  const timers = manualTimers();
  const gate = new ReadGate(4, 5, timers.schedule);
  const s = socket();
  const reading = gate.read(s, buffer);
  assert.equal(timers.pending, 1);
  s.finish(null);
  assert.equal(await reading, null);
  timers.tick(); // nothing counted: no next sweep
  assert.equal(timers.pending, 0);
  const idle = socket();
  void gate.read(idle, buffer); // a keep-alive client that sends nothing
  assert.equal(timers.pending, 1);
  timers.tick();
  timers.tick(); // two sweeps: idle, and the sweeping ends
  assert.equal(timers.pending, 0);
  assert.equal(gate.inFlight, 0);
});

Deno.test("ReadGate: a flood of 10,000 waiting reads is served in order, with the limit never exceeded", async () => {
  const timers = manualTimers();
  const gate = new ReadGate(40, 5, timers.schedule);
  const order: number[] = [];
  let inFlight = 0, most = 0;
  const reads = Array.from({ length: 10_000 }, (_, i) =>
    gate.read({
      read: () => {
        inFlight++;
        most = Math.max(most, inFlight);
        order.push(i);
        return Promise.resolve().then(() => {
          inFlight--;
          return i;
        });
      },
    }, buffer));
  const got = await Promise.all(reads);
  assert.deepEqual(got, order);
  assert.deepEqual(order, Array.from({ length: 10_000 }, (_, i) => i));
  assert.equal(most, 40);
  assert.equal(gate.queued, 0);
});

Deno.test("readGate: accepted Deno connections read 24 at a time; the 25th starts when one finishes", async () => {
  const server = await denoTcp.listen(0, "127.0.0.1");
  const clients: Deno.Conn[] = [];
  const accepted = [];
  for (let i = 0; i < 25; i++) {
    clients.push(
      await Deno.connect({ port: server.port, hostname: "127.0.0.1" }),
    );
    accepted.push(await server.accept());
  }
  const reads = accepted.map((c) => c.read(new Uint8Array(8)));
  assert.equal(readGate.inFlight, 24);
  assert.equal(readGate.queued, 1);
  await clients[24].write(new Uint8Array([1])); // the 25th waits its turn...
  await clients[0].write(new Uint8Array([2])); // ...which the first read frees
  assert.equal(await reads[0], 1);
  assert.equal(await reads[24], 1);
  for (const c of clients) c.close();
  await Promise.allSettled(reads);
  for (const c of accepted) c.close();
  server.close();
  await new Promise((r) => setTimeout(r, 20)); // two sweeps: the gate is idle
  assert.equal(readGate.inFlight, 0);
});

Deno.test("readGate: its sweep waits on servy's housekeeping beat, the one the access log's writes take", async () => {
  const server = await denoTcp.listen(0, "127.0.0.1");
  const client = await Deno.connect({
    port: server.port,
    hostname: "127.0.0.1",
  });
  const conn = await server.accept();
  assert.equal(housekeeping.waiting, 0);
  const read = conn.read(new Uint8Array(8));
  assert.equal(housekeeping.waiting, 1, "the sweep waits for the beat");
  const log = new LogBuffer({
    write: (data) => Promise.resolve(data.length),
    writeSync: (data) => data.length,
  });
  log.line("GET /wildthings");
  assert.equal(housekeeping.waiting, 2, "the log's write waits for it too");
  await log.flush();
  assert.equal(housekeeping.waiting, 1, "a flush writes at once, off the beat");
  client.close();
  assert.equal(await read, null);
  conn.close();
  server.close();
  await new Promise((r) => setTimeout(r, 20)); // two sweeps: the gate is idle
  assert.equal(housekeeping.waiting, 0);
});
