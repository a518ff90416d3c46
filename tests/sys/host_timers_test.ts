import assert from "node:assert/strict";
import { startRuntime } from "../../lib/actor/mod.ts";
import { afterTurn, startTimer } from "../../lib/sys/host_timers.ts";
import { connect, listen } from "../../lib/net/tcp_listener.ts";

const MODULE = new URL("../../lib/sys/host_timers.ts", import.meta.url).href;

/** Runs `script` (with `startTimer` and `afterTurn` imported) in a fresh Deno. */
async function script(source: string) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { afterTurn, startTimer } from ${
        JSON.stringify(MODULE)
      };\n${source}`,
    ],
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
}

Deno.test("startTimer: fires once, not before its time; a cancelled one never fires", async () => {
  const fired: string[] = [];
  const start = performance.now();
  let at = 0;
  const cancel = startTimer(1, () => fired.push("cancelled"));
  cancel();
  cancel(); // twice: nothing more
  await new Promise<void>((done) =>
    startTimer(30, () => {
      at = performance.now() - start;
      fired.push("kept");
      done();
    })
  );
  await new Promise<void>((done) => startTimer(10, done));
  assert.deepEqual(fired, ["kept"]);
  assert.ok(at >= 29, `fired after ${at} ms`); // whole ms: a fraction is dropped
});

Deno.test("startTimer: timers fire in the order of their times, and one armed during another's callback fires too", async () => {
  const order: number[] = [];
  await new Promise<void>((done) => {
    const fired = (ms: number) => {
      order.push(ms);
      if (order.length === 3) done();
    };
    startTimer(20, () => fired(20));
    startTimer(5, () => {
      fired(5);
      startTimer(0, () => fired(0));
    });
  });
  // The 0 armed at 5 ms comes before the 20 unless the loop was held past
  // 20 ms; either way 5 is first and all three fire.
  assert.equal(order[0], 5);
  assert.deepEqual([...order].sort((a, b) => a - b), [0, 5, 20]);
});

Deno.test("startTimer: an armed timer keeps the process alive until it fires; a cancelled one, even of a minute, does not", async () => {
  const armed = await script(
    `startTimer(50, () => console.log("fired"));`,
  );
  assert.deepEqual([armed.code, armed.out, armed.err], [0, "fired\n", ""]);
  // If the cancelled timer still held the process, this would take 60 s
  // and the test would time out.
  const cancelled = await script(
    `const cancel = startTimer(60_000, () => console.log("fired"));\n` +
      `startTimer(10, () => { cancel(); console.log("cancelled"); });`,
  );
  assert.deepEqual([cancelled.code, cancelled.out], [0, "cancelled\n"]);
});

Deno.test("afterTurn: runs in order after the microtasks; turns asked for in a turn run in the next one; none holds the process once run", async () => {
  const { code, out, err } = await script(`
    const seen = [];
    afterTurn(() => {
      seen.push("a");
      afterTurn(() => { seen.push("c"); console.log(seen.join(" ")); });
      queueMicrotask(() => seen.push("a's microtask"));
    });
    afterTurn(() => seen.push("b"));
    queueMicrotask(() => seen.push("microtask"));
  `);
  assert.equal(err, "");
  assert.equal(code, 0);
  assert.equal(out, "microtask a b a's microtask c\n");
});

Deno.test("afterTurn: a chain of turns lets the host's I/O in (how a busy scheduler still reads its sockets)", async () => {
  const listener = await listen(0);
  const accepted = listener.accept();
  const client = await connect(listener.port);
  const server = await accepted;
  let turns = 0;
  let read = false;
  const chain = new Promise<void>((done) => {
    const turn = () => {
      turns++;
      if (read || turns > 10_000) return done();
      afterTurn(turn);
    };
    afterTurn(turn);
  });
  const reading = server.read(new Uint8Array(16)).then((n) => {
    read = true;
    return n;
  });
  await client.write(new TextEncoder().encode("ping"));
  await chain;
  assert.equal(await reading, 4);
  assert.ok(turns < 10_000, `the read waited ${turns} turns`);
  client.close();
  server.close();
  listener.close();
});

Deno.test("afterTurn and startTimer: a callback that throws is the host's uncaught error, and the next ones still run", async () => {
  const { code, out } = await script(`
    globalThis.addEventListener("error", (e) => {
      e.preventDefault();
      console.log("uncaught: " + e.error.message);
    });
    afterTurn(() => { throw new Error("turn"); });
    afterTurn(() => console.log("next turn"));
    startTimer(5, () => { throw new Error("timer"); });
    startTimer(10, () => console.log("next timer"));
  `);
  assert.equal(code, 0);
  // A loop held past 10 ms may run both timers before the rethrow's
  // microtask: the lines, not their order.
  assert.deepEqual(out.split("\n").sort(), [
    "",
    "next timer",
    "next turn",
    "uncaught: timer",
    "uncaught: turn",
  ]);
});

Deno.test("startTimer: a delay past what a host arms (2^31 - 1 ms on Node, 2^53 - 1 for AbortSignal.timeout) is armed, not refused", () => {
  for (const ms of [2 ** 31, 2 ** 53, 1e20, Number.MAX_VALUE]) {
    const cancel = startTimer(ms, () => assert.fail(`${ms} fired`));
    cancel();
  }
});

Deno.test("the runtime on the host's clock: a receive after 1e20 ms waits, and takes the message that comes", async () => {
  await using rt = startRuntime();
  const pid = rt.spawn(function* (self) {
    const got = yield* self.receive((m): m is string => typeof m === "string", {
      after: 1e20,
    });
    return got;
  });
  const down = rt.monitor(pid);
  rt.send(pid, "hello");
  assert.equal((await down).reason, "normal");
});
