import assert from "node:assert/strict";
import { request } from "../../lib/http/client.ts";
import { freePort } from "../_support.ts";
import { denoRun, serve } from "../binary/_binary.ts";

// On Deno, servy uses no Node API (lib/sys/host_timers.ts, lib/cli/args.ts):
// loading Deno's Node layer costs a start-up 5–8 ms.
// The check is the CPU profile of a real `servy serve`, sampled every
// 100 µs: the layer's modules take milliseconds to load, so a load would
// show as dozens of samples in `ext:deno_node/` or `node:` scripts.

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

/** The scripts a `.cpuprofile` sampled. */
async function sampledScripts(dir: string): Promise<Set<string>> {
  const urls = new Set<string>();
  for await (const entry of Deno.readDir(dir)) {
    const profile = JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`));
    for (const node of profile.nodes) urls.add(node.callFrame.url);
  }
  return urls;
}

Deno.test("servy serve on Deno: starts, serves, logs and shuts down without loading Deno's Node layer", async () => {
  const dir = await Deno.makeTempDir();
  const port = freePort();
  const server = await serve(
    denoRun([`--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100"]),
    port,
  );
  for (const path of ["/wildthings", "/bears", "/bears/1", "/nope"]) {
    assert.match(await request(port, GET(path)), /^HTTP\/1\.1 [24]0[04] /);
  }
  const { code, out, err } = await server.stop();
  assert.equal(code, 0, err);
  assert.match(out, /\[info\] GET \/bears\/1$/m); // the access log ran
  const scripts = await sampledScripts(dir);
  await Deno.remove(dir, { recursive: true });
  assert.ok(scripts.size > 20, `a profile of ${scripts.size} scripts`);
  const node = [...scripts].filter((u) =>
    u.startsWith("ext:deno_node/") || u.startsWith("node:")
  );
  assert.deepEqual(node, []);
});
