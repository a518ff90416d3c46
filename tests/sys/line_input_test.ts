import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { denoLineInput } from "../../lib/sys/deno.ts";
import { lineInput } from "../../lib/sys/lines.ts";
import { nodeLineInput } from "../../lib/sys/node.ts";
import type { LineInput } from "../../lib/sys/platform.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
// "é" is 0xC3 0xA9: split across two chunks it must still decode whole.
const E = bytes("é");
const CHUNKS = [
  bytes("first\r\nsec"),
  bytes("ond\n\nthi"),
  E.subarray(0, 1),
  Uint8Array.of(E[1], ...bytes("rd\nlast, no newline")),
];
const LINES = ["first", "second", "", "thiérd", "last, no newline"];

async function readAll(input: LineInput): Promise<(string | undefined)[]> {
  const got: (string | undefined)[] = [];
  for (let i = 0; i <= LINES.length; i++) got.push(await input.readLine());
  return got;
}

Deno.test("lineInput: lines end at \\n or \\r\\n, UTF-8 split across chunks decodes whole, a last line without \\n counts, then undefined", async () => {
  const chunks = [...CHUNKS];
  const input = lineInput({
    isTerminal: true,
    read: () => Promise.resolve(chunks.shift()),
    cancel: () => {},
  });
  assert.equal(input.isTerminal, true);
  assert.deepEqual(await readAll(input), [...LINES, undefined]);
  assert.equal(await input.readLine(), undefined, "still at its end");
});

Deno.test("lineInput: concurrent reads get the lines in order; close ends a pending read and cancels the source", async () => {
  let cancelled = 0;
  const pending = Promise.withResolvers<Uint8Array | undefined>();
  const chunks = [bytes("a\nb\n")];
  const input = lineInput({
    isTerminal: true,
    read: () =>
      chunks.length > 0 ? Promise.resolve(chunks.shift()) : pending.promise,
    cancel: () => {
      cancelled++;
      pending.resolve(undefined);
    },
  });
  const [a, b, c] = [input.readLine(), input.readLine(), input.readLine()];
  assert.deepEqual([await a, await b], ["a", "b"]);
  input.close();
  input.close();
  assert.equal(await c, undefined);
  assert.equal(cancelled, 1);
  assert.equal(await input.readLine(), undefined);
});

Deno.test("lineInput: a read that fails ends the input, as end of file does", async () => {
  const input = lineInput({
    isTerminal: false,
    read: () => Promise.reject(new Error("EIO")),
    cancel: () => {},
  });
  assert.equal(await input.readLine(), undefined);
  assert.equal(input.isTerminal, false);
});

Deno.test("denoLineInput: reads a ReadableStream's lines, takes it only at the first read, cancels it on close", async () => {
  let taken = 0;
  let cancelled = false;
  const chunks = [...CHUNKS];
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const chunk = chunks.shift();
      if (chunk === undefined) return; // waits, as a terminal does
      c.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  });
  const input = denoLineInput(() => (taken++, stream), () => false);
  assert.equal(taken, 0);
  assert.equal(input.isTerminal, false);
  const got = [];
  for (let i = 0; i < 4; i++) got.push(await input.readLine());
  assert.deepEqual(got, LINES.slice(0, 4));
  const waiting = input.readLine(); // "last, no newline" and no end yet
  input.close();
  assert.equal(await waiting, undefined);
  assert.equal(taken, 1);
  assert.ok(cancelled);
});

Deno.test("nodeLineInput: reads a Node stream's lines, paused between reads, and ends at 'end'", async () => {
  const stream = new PassThrough();
  const tty = Object.assign(stream, { isTTY: true });
  const input = nodeLineInput(() => tty);
  assert.equal(input.isTerminal, true);
  assert.equal(nodeLineInput(() => new PassThrough()).isTerminal, false);
  const first = input.readLine();
  for (const chunk of CHUNKS) stream.write(chunk);
  assert.equal(await first, "first");
  assert.ok(stream.isPaused(), "paused once a chunk came");
  stream.end();
  const rest = [];
  for (let i = 1; i <= LINES.length; i++) rest.push(await input.readLine());
  assert.deepEqual(rest, [...LINES.slice(1), undefined]);
});

Deno.test("nodeLineInput: close ends a pending read and pauses the stream", async () => {
  const stream = new PassThrough();
  const input = nodeLineInput(() => stream);
  const waiting = input.readLine();
  await new Promise((r) => setTimeout(r, 0));
  assert.ok(!stream.isPaused(), "flowing while a read waits");
  input.close();
  assert.equal(await waiting, undefined);
  assert.ok(stream.isPaused());
  stream.destroy();
});
