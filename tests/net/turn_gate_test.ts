import assert from "node:assert/strict";
import { withUncaught } from "../_uncaught.ts";
import * as net from "node:net";
import { TurnGate } from "../../lib/net/turn_gate.ts";
import {
  NodeConnection,
  wakeGate,
  WAKES_PER_TURN,
} from "../../lib/net/node_tcp.ts";

/** Turns of a host loop the test runs by hand: `endTurn` runs what a turn's end was asked for. */
function manualTurns() {
  let due: (() => void)[] = [];
  return {
    afterTurn: (fire: () => void) => void due.push(fire),
    get asked() {
      return due.length;
    },
    endTurn() {
      const now = due;
      due = [];
      for (const fire of now) fire();
    },
  };
}

Deno.test("TurnGate: a turn runs at most perTurn wake-ups, the first at once; the others run in the turns after, in the order admitted", () => {
  const turns = manualTurns();
  const gate = new TurnGate(3, turns.afterTurn);
  const ran: number[] = [];
  for (let i = 0; i < 8; i++) gate.admit(() => ran.push(i));
  assert.deepEqual(ran, [0, 1, 2]); // this turn's room, at once
  assert.equal(gate.waiting, 5);
  turns.endTurn(); // this turn had no room left: none more in it
  assert.deepEqual(ran, [0, 1, 2]);
  turns.endTurn();
  assert.deepEqual(ran, [0, 1, 2, 3, 4, 5]);
  turns.endTurn();
  assert.deepEqual(ran, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(gate.waiting, 0);
});

Deno.test("TurnGate: once one waits, a later wake-up waits behind it, even in a turn with room", () => {
  const turns = manualTurns();
  const gate = new TurnGate(2, turns.afterTurn);
  const ran: string[] = [];
  for (const name of ["a", "b", "c"]) gate.admit(() => ran.push(name));
  turns.endTurn(); // a, b used that turn; c waits
  gate.admit(() => ran.push("d")); // the new turn has room, but c is first
  assert.deepEqual(ran, ["a", "b"]);
  turns.endTurn();
  assert.deepEqual(ran, ["a", "b", "c", "d"]);
});

Deno.test("TurnGate: what runs at once and what the turn's end releases share one room: never more than perTurn a turn", () => {
  const turns = manualTurns();
  const gate = new TurnGate(4, turns.afterTurn);
  let inTurn = 0, admitted = 0;
  const counts: number[] = [];
  const turn = (arrivals: number) => {
    inTurn = 0;
    for (let i = 0; i < arrivals; i++, admitted++) {
      gate.admit(() => inTurn++); // in the turn's I/O
    }
    turns.endTurn();
    counts.push(inTurn);
  };
  turn(6);
  for (let i = 0; i < 4; i++) turn(3);
  while (gate.waiting > 0) turn(0);
  assert.ok(counts.every((n) => n <= 4), `per turn: ${counts}`);
  assert.deepEqual(counts, [4, 4, 4, 3, 3]); // full while any waits
  assert.equal(counts.reduce((x, y) => x + y, 0), admitted);
});

Deno.test("TurnGate: an idle gate asks for no turn; a drained one for one more at most, then none", () => {
  const turns = manualTurns();
  const gate = new TurnGate(2, turns.afterTurn);
  assert.equal(turns.asked, 0);
  gate.admit(() => {});
  assert.equal(turns.asked, 1); // the turn's end resets its room
  turns.endTurn();
  assert.equal(turns.asked, 0);
  for (let i = 0; i < 3; i++) gate.admit(() => {});
  turns.endTurn();
  turns.endTurn();
  assert.equal(gate.waiting, 0);
  assert.equal(turns.asked, 0);
});

Deno.test("TurnGate: a flood of 100,000 wake-ups runs in order, perTurn a turn, and leaves nothing held", () => {
  const turns = manualTurns();
  const gate = new TurnGate(8, turns.afterTurn);
  const ran: number[] = [];
  let inTurn = 0, most = 0, count = 0;
  for (let i = 0; i < 100_000; i++) {
    gate.admit(() => {
      ran.push(i);
      most = Math.max(most, ++inTurn);
    });
  }
  while (gate.waiting > 0) {
    turns.endTurn();
    inTurn = 0;
    count++;
  }
  turns.endTurn();
  assert.equal(most, 8);
  assert.equal(count, 100_000 / 8);
  assert.equal(ran.length, 100_000);
  assert.ok(ran.every((v, i) => v === i), "in the order admitted");
  assert.equal(turns.asked, 0);
});

Deno.test("TurnGate: a wake-up that throws is the host's uncaught error, from a microtask; the ones after it still run", async () => {
  const turns = manualTurns();
  const gate = new TurnGate(2, turns.afterTurn);
  await withUncaught(async (uncaught) => {
    const ran: string[] = [];
    gate.admit(() => {
      throw new Error("at once");
    });
    gate.admit(() => ran.push("b"));
    gate.admit(() => {
      throw new Error("released");
    });
    gate.admit(() => ran.push("d"));
    turns.endTurn();
    turns.endTurn();
    assert.deepEqual(ran, ["b", "d"]);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(uncaught, ["at once", "released"]);
  });
});

/** Waits, on the real clock, until `ok()` holds (at most 5 s). */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !ok(); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.ok(ok(), what);
}

Deno.test("Node connections: readers that data wakes together resume perTurn at a time, in turns, through their gate", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  const n = 12;
  const accepted: net.Socket[] = [];
  const all = new Promise<void>((done) =>
    server.on("connection", (s) => {
      if (accepted.push(s) === n) done();
    })
  );
  const turns = manualTurns();
  const gate = new TurnGate(3, turns.afterTurn);
  const conns = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<NodeConnection>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () =>
          resolve(new NodeConnection(socket, false, gate)));
      })),
  );
  await all;
  let resumed = 0;
  const reads = conns.map((c) =>
    c.read(new Uint8Array(4)).then((k) => {
      resumed++;
      return k;
    })
  );
  for (const s of accepted) s.write("ping"); // every reader's data at once
  await until(() => resumed + gate.waiting === n, "all the data came");
  assert.equal(resumed, 3); // the turn's room; the others wait their turn
  // The turn the data came in had no room left; each one after has 3.
  for (const expected of [3, 6, 9, 12]) {
    turns.endTurn();
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(resumed, expected);
  }
  assert.deepEqual(await Promise.all(reads), Array(n).fill(4));
  for (const c of conns) c.close();
  for (const s of accepted) s.destroy();
  server.close();
});

Deno.test("Node connections share one gate of WAKES_PER_TURN", () => {
  assert.equal(wakeGate.perTurn, WAKES_PER_TURN);
  assert.equal(WAKES_PER_TURN, 8);
});
