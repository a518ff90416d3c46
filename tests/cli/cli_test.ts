import assert from "node:assert/strict";
import { main, VERSION } from "../../lib/cli/mod.ts";
import type { Platform } from "../../lib/sys/platform.ts";

function capture(): Platform & { out: string; err: string } {
  const p = {
    out: "",
    err: "",
    color: false,
    print: (t: string) => void (p.out += t),
    printError: (t: string) => void (p.err += t),
  };
  return p;
}

Deno.test("cli: an unknown command prints the usage and exits 2", async () => {
  const p = capture();
  assert.equal(await main(["frobnicate"], p), 2);
  assert.match(p.err, /Unknown command "frobnicate"/);
  assert.match(p.err, /Usage: servy <command>/);
});

Deno.test("cli: an unknown flag prints the usage and exits 2", async () => {
  const p = capture();
  assert.equal(await main(["--bogus"], p), 2);
  assert.match(p.err, /Usage: servy/);
});

Deno.test("cli: --version and --help exit 0", async () => {
  const p = capture();
  assert.equal(await main(["--version"], p), 0);
  assert.equal(p.out, `servy ${VERSION}\n`);
  const h = capture();
  assert.equal(await main(["--help"], h), 0);
  assert.match(h.out, /run \[scenario\]/);
});

Deno.test("cli: servy run lists the lesson's scenarios", async () => {
  const p = capture();
  assert.equal(await main(["run"], p), 0);
  for (const name of ["unlinked", "linked", "trapped", "restart"]) {
    assert.match(p.out, new RegExp(`^  ${name} `, "m"));
  }
});
