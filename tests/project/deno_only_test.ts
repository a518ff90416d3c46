/**
 * The tasks for a user with Deno alone: the project's sources copied to a
 * temp directory with no node_modules, and `deno task` runs there. Deno
 * resolves package.json's npm packages itself and leaves node_modules to
 * npm.
 *
 * @module
 */

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const SOURCES = ["deno.json", "package.json", "main.ts", "lib"];

Deno.test("deno task servy runs from the sources alone: no npm install, no node_modules", async () => {
  const dir = await Deno.makeTempDir({ prefix: "servy-deno-only-" });
  try {
    for (const source of SOURCES) {
      await cp(join(ROOT, source), join(dir, source), { recursive: true });
    }
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "servy", "run"],
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
    }).output();
    const out = new TextDecoder().decode(stdout);
    assert.equal(code, 0, out + new TextDecoder().decode(stderr));
    assert.match(out, /^Scenarios \(servy run <scenario>\):\n/);
    await assert.rejects(Deno.stat(join(dir, "node_modules")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
