/**
 * The package's documentation, as JSR would check it: `deno doc --lint` on
 * the three exports of deno.json finds nothing (every public symbol
 * documented, no public type pointing at a private one).
 *
 * @module
 */

import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("deno doc --lint on the exports (., ./http, ./servy) is clean", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const entries = Object.values(config.exports as Record<string, string>);
  assert.deepEqual(entries.sort(), [
    "./lib/actor/mod.ts",
    "./lib/http/mod.ts",
    "./lib/servy/mod.ts",
  ]);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", ...entries],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
  }).output();
  const text = new TextDecoder().decode(stdout) +
    new TextDecoder().decode(stderr);
  assert.equal(code, 0, text);
  assert.doesNotMatch(text, /error\[/);
});
