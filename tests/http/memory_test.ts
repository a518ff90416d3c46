import assert from "node:assert/strict";

Deno.test("memory: an idle keep-alive connection holds nothing of its last request (a 1 MiB body is collected)", async () => {
  const script = new URL("./_retention_script.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--v8-flags=--expose-gc", script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.equal(text, "collected");
});
