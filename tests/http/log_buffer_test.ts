import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { LogBuffer, type OutputDevice } from "../../lib/http/log_buffer.ts";
import { Beat } from "../../lib/sys/beat.ts";

const decoder = new TextDecoder();

/** A device whose writes complete when the test says so. */
class HeldDevice implements OutputDevice {
  writes: string[] = [];
  syncWrites: string[] = [];
  #release: (() => void)[] = [];
  #called: (() => void)[] = [];
  /** Bytes written at most per call (a pipe's partial writes). */
  constructor(readonly chunk = Infinity, readonly hold = true) {}

  write(data: Uint8Array): Promise<number> {
    const n = Math.min(data.length, this.chunk);
    this.writes.push(decoder.decode(data.subarray(0, n)));
    for (const called of this.#called.splice(0)) called();
    if (!this.hold) return Promise.resolve(n);
    return new Promise((resolve) => this.#release.push(() => resolve(n)));
  }

  writeSync(data: Uint8Array): number {
    this.syncWrites.push(decoder.decode(data));
    return data.length;
  }

  /** @returns once the next write has been started */
  nextWrite(): Promise<void> {
    return new Promise((resolve) => this.#called.push(resolve));
  }

  release(): void {
    for (const release of this.#release.splice(0)) release();
  }

  get text(): string {
    return this.writes.join("");
  }
}

const lines = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `GET /bears/${from + i}`);

Deno.test("one write per batch: the lines of a macrotask go out in one write, in order", async () => {
  const device = new HeldDevice(Infinity, false);
  const log = new LogBuffer(device);
  for (const line of lines(1000)) log.line(line);
  strictEqual(device.writes.length, 0, "nothing is written synchronously");
  await log.flush();
  strictEqual(device.writes.length, 1);
  strictEqual(log.writes, 1);
  strictEqual(device.text, lines(1000).map((l) => `${l}\n`).join(""));
});

Deno.test("lines logged while a write is in flight form the next batch, after it", async () => {
  const device = new HeldDevice();
  const log = new LogBuffer(device);
  const started = device.nextWrite();
  log.line("a");
  await started;
  log.line("b");
  log.line("c");
  deepStrictEqual(device.writes, ["a\n"]);
  const second = device.nextWrite();
  device.release();
  await second;
  deepStrictEqual(device.writes, ["a\n", "b\nc\n"]);
  device.release();
  await log.flush();
  strictEqual(log.writes, 2);
});

Deno.test("a partial write is continued where it stopped", async () => {
  const device = new HeldDevice(3, false);
  const log = new LogBuffer(device);
  log.line("GET /wildthings");
  log.line("GET /bears");
  await log.flush();
  strictEqual(device.text, "GET /wildthings\nGET /bears\n");
  strictEqual(log.writes, 1);
});

Deno.test("each line's bytes are its UTF-8, as TextEncoder gives them: ASCII, 2- to 4-byte characters after ASCII, a lone surrogate", async () => {
  const device = new HeldDevice(Infinity, false);
  const log = new LogBuffer(device);
  const texts = ["GET /bears", "GET /caf\u00e9/🐻/x", "é", "GET /\ud83d?x", ""];
  for (const text of texts) log.line(text);
  await log.flush();
  const expected = new TextEncoder().encode(
    texts.map((t) => `${t}\n`).join(""),
  );
  deepStrictEqual(new TextEncoder().encode(device.text), expected);
  ok(device.text.includes("GET /\ufffd?x"), "the lone surrogate is U+FFFD");
});

Deno.test("UTF-8 lines are encoded whole, also near the bound", async () => {
  const device = new HeldDevice(Infinity, false);
  const log = new LogBuffer(device, { maxBytes: 600 });
  const line = "GET /é🐻"; // 2- and 4-byte characters
  for (let i = 0; i < 100; i++) log.line(line);
  await log.flush();
  const [written, report] = device.text.split("[warning]");
  ok(written.split("\n").slice(0, -1).every((l) => l === line));
  ok(report !== undefined, "some lines were discarded");
});

Deno.test("overload: with a device that never drains, memory stays bounded and lines are discarded, counted", async () => {
  const device = new HeldDevice(); // never released
  const maxBytes = 4096;
  const log = new LogBuffer(device, { maxBytes });
  const started = device.nextWrite();
  log.line("first");
  await started;
  for (const line of lines(100_000)) log.line(line);
  ok(log.bufferedBytes <= maxBytes, `${log.bufferedBytes} bytes buffered`);
  const kept = Math.floor((maxBytes - 256) / "GET /bears/NNNNN\n".length);
  ok(log.discardedTotal > 100_000 - kept - 300, `${log.discardedTotal}`);
  strictEqual(device.writes.length, 1, "the one write stays in flight");
});

Deno.test("overload: once the device catches up, a line reports the discarded ones, between the lines before and after", async () => {
  const device = new HeldDevice();
  const log = new LogBuffer(device, { maxBytes: 600 });
  const started = device.nextWrite();
  log.line("first");
  await started;
  const sent = lines(100);
  for (const line of sent) log.line(line);
  const dropped = log.discardedTotal;
  ok(dropped > 0);
  const second = device.nextWrite();
  device.release();
  await second;
  log.line("after");
  const third = device.nextWrite();
  device.release();
  await third;
  device.release();
  await log.flush();
  const out = device.text.split("\n").slice(0, -1);
  const kept = sent.length - dropped;
  deepStrictEqual(out, [
    "first",
    ...sent.slice(0, kept),
    `[warning] Attempted to log ${dropped} messages, which is above :discard_threshold`,
    "after",
  ]);
});

Deno.test("a failed write discards its batch, counted; later lines are written", async () => {
  let fail = true;
  const written: string[] = [];
  const device: OutputDevice = {
    write(data) {
      if (fail) return Promise.reject(new Error("EPIPE"));
      written.push(decoder.decode(data));
      return Promise.resolve(data.length);
    },
    writeSync: (data) => data.length,
  };
  const log = new LogBuffer(device, { discarded: (n) => `dropped ${n}` });
  log.line("a");
  log.line("b");
  await log.flush();
  strictEqual(log.discardedTotal, 2);
  fail = false;
  log.line("c");
  await log.flush();
  deepStrictEqual(written, ["dropped 2\nc\n"]);
});

Deno.test("flushSync writes what is buffered at once, and cancels the pending write", () => {
  const device = new HeldDevice();
  const log = new LogBuffer(device);
  log.line("a");
  log.line("b");
  log.flushSync();
  deepStrictEqual(device.syncWrites, ["a\nb\n"]);
  strictEqual(log.bufferedBytes, 0);
  deepStrictEqual(device.writes, []); // and no timer is left (sanitizer)
});

for (const how of ["exit", "throw", "reject", "end"]) {
  Deno.test(`flushed on exit (${how}): no line is lost`, async () => {
    const script = new URL("./_log_exit.ts", import.meta.url).pathname;
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", script, how],
      stdout: "piped",
      stderr: "null",
    }).output();
    const expected = Array.from(
      { length: 1000 },
      (_, i) => `GET /bears/${i}\n`,
    );
    strictEqual(decoder.decode(stdout), expected.join(""));
  });
}

Deno.test("at most one write a beat: the lines of a beat go out at its tick, and those logged during a write wait for the next tick", async () => {
  const device = new HeldDevice();
  const ticks: (() => void)[] = [];
  const beat = new Beat(5, (_ms, fire) => {
    ticks.push(fire);
    return () => {};
  });
  const log = new LogBuffer(device, { beat });
  log.line("a");
  log.line("b");
  strictEqual(ticks.length, 1, "one tick asked for, for both lines");
  await Promise.resolve();
  deepStrictEqual(device.writes, [], "nothing before the tick");
  ticks.shift()!();
  deepStrictEqual(device.writes, ["a\nb\n"]);
  log.line("c");
  log.line("d");
  strictEqual(ticks.length, 0, "the write in flight takes them next");
  device.release();
  for (let i = 0; i < 5; i++) await Promise.resolve();
  deepStrictEqual(
    device.writes,
    ["a\nb\n"],
    "done writing, yet not before the beat",
  );
  strictEqual(ticks.length, 1);
  ticks.shift()!();
  deepStrictEqual(device.writes, ["a\nb\n", "c\nd\n"]);
  device.release();
  await log.flush();
  strictEqual(log.writes, 2);
});
