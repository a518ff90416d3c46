import assert from "node:assert/strict";
import { freePort } from "../_support.ts";
import { run, type Servy } from "./_binary.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** `deno task compile`. @returns the binary, or why it could not be built */
async function compile(): Promise<Servy | string> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-run",
      "--allow-read",
      "--allow-env",
      "--allow-write",
      "scripts/compile.ts",
    ],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  const why = new TextDecoder().decode(stderr).trim();
  if (code !== 0) return why;
  const dir = await Deno.makeTempDir({ prefix: "servy-compiled-" });
  await Deno.copyFile(`${ROOT}dist/servy`, `${dir}/servy`);
  await Deno.chmod(`${dir}/servy`, 0o755);
  return { program: `${dir}/servy`, prefix: [], cwd: dir };
}

const compiled = await compile();
if (typeof compiled === "string") {
  console.log(`deno compile tests skipped: ${compiled}`);
}

Deno.test({
  name: "deno compile: the binary runs alone: --version and servy run linked",
  ignore: typeof compiled === "string",
  async fn() {
    const servy = compiled as Servy;
    assert.equal((await run(servy, ["--version"])).out, "servy 0.1.0\n");
    const linked = await run(servy, [
      "run",
      "linked",
      "--port",
      String(freePort()),
    ]);
    assert.equal(linked.code, 0, linked.out + linked.err);
  },
});

Deno.test("deno compile: without denort it fails with one clear line", {
  ignore: typeof compiled !== "string",
}, () => {
  const why = compiled as string;
  assert.equal(why.split("\n").length, 1);
  assert.match(why, /^servy: deno compile failed: .*DENORT_BIN/);
});
