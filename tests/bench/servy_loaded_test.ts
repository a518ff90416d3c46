import assert from "node:assert/strict";
import { freePort } from "../_support.ts";

const root = new URL("../../", import.meta.url);
const server = (name: string) =>
  new URL(`bench/http_servers/${name}.ts`, root).pathname;

/** @returns the local modules Deno loads to run `script` */
async function localModules(script: string): Promise<Set<string>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", script],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.ok(out.success, `deno info ${script}`);
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { specifier: string }[];
  };
  return new Set(
    graph.modules.map((m) => m.specifier).filter((s) =>
      s.startsWith(root.href)
    ),
  );
}

Deno.test("bench RSS floor: servy_loaded.ts loads every module the servy bench server loads", async () => {
  const servy = await localModules(server("servy"));
  const loaded = await localModules(server("servy_loaded"));
  const missing = [...servy].filter((s) =>
    !loaded.has(s) && !s.endsWith("/http_servers/servy.ts")
  );
  assert.deepEqual(missing, []);
  assert.ok(servy.size > 50, `servy.ts loads ${servy.size} modules`);
});

Deno.test("bench RSS floor: servy_loaded.ts answers GET /wildthings as the minimal loop does", async () => {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", server("servy_loaded"), String(port)],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    // It says "ready" once listening, as every bench server does.
    const lines = child.stdout.pipeThrough(new TextDecoderStream());
    let out = "";
    for await (const chunk of lines) {
      if ((out += chunk).includes("ready")) break;
    }
    assert.match(out, /ready/);
    const response = await fetch(`http://127.0.0.1:${port}/wildthings`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "Bears, Lions, Tigers");
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
});
