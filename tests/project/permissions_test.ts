/**
 * deno.json's permission sets: `deno test -P` and `deno run -P main.ts`
 * need no flags, and a bare `deno test` stops before any test with one
 * line that names `-P` (instead of failing every network test, then
 * hanging).
 *
 * @module
 */

import assert from "node:assert/strict";
import { freePort } from "../_support.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const decoder = new TextDecoder();

async function deno(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
  }).output();
  return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
}

Deno.test("bare deno test stops before running any test, in one line that names -P", async () => {
  const { code, out, err } = await deno(["test"]);
  assert.notEqual(code, 0);
  assert.equal(out, "");
  const [first, ...rest] = err.trimEnd().split("\n");
  assert.match(first, /^error: .*`-P`/);
  // The line's location: the config file that holds the permissions.
  assert.deepEqual(rest.map((l) => l.trim()), [`at file://${ROOT}deno.json`]);
});

Deno.test("deno test -P runs with the permissions the suite needs", async () => {
  const { code, out, err } = await deno([
    "test",
    "-P",
    "tests/project/_granted.ts",
  ]);
  assert.equal(code, 0, out + err);
  assert.match(out, /ok \| 1 passed \| 0 failed/);
});

Deno.test("deno run -P main.ts run linked: the default permission set serves the lesson's step", async () => {
  const { code, out, err } = await deno([
    "run",
    "-P",
    "main.ts",
    "run",
    "linked",
    "--port",
    String(freePort()),
  ]);
  assert.equal(code, 0, out + err);
  assert.match(out, /All \d+ facts hold\./);
});
