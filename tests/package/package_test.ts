/**
 * The npm package as a user gets it: `scripts/build_package.mjs` builds it,
 * `npm pack` packs it, a scratch project in a temp directory installs the
 * tarball and imports `@servy/servy` (and `/http`, `/servy`) by name, on
 * Node and on Deno.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;
const HERE = new URL("./", import.meta.url).pathname;
const decoder = new TextDecoder();

async function run(
  program: string,
  args: string[],
  cwd: string,
): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(program, {
    args,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", RUST_BACKTRACE: "0" },
  }).output();
  const out = decoder.decode(stdout);
  assert.equal(
    code,
    0,
    `${program} ${args.join(" ")}\n${out}${decoder.decode(stderr)}`,
  );
  return out;
}

/** The packed package installed in a scratch project. @returns its folder */
async function scratchProject(dir: string): Promise<string> {
  const pkg = join(dir, "pkg");
  await run(Deno.execPath(), [
    "run",
    "--allow-all",
    "scripts/build_package.mjs",
    "--out",
    join(pkg, "dist", "npm"),
  ], ROOT);
  for (const file of ["package.json", "README.md"]) {
    await Deno.copyFile(join(ROOT, file), join(pkg, file));
  }
  const packed = await run("npm", [
    "pack",
    "--ignore-scripts",
    "--json",
    "--pack-destination",
    dir,
  ], pkg);
  const [{ filename, files }] = JSON.parse(packed);
  const paths = files.map((f: { path: string }) => f.path);
  assert.ok(paths.includes("dist/npm/actor.js"), paths.join("\n"));
  assert.ok(
    paths.includes("dist/npm/types/lib/actor/mod.d.ts"),
    paths.join("\n"),
  );
  assert.ok(!paths.some((p: string) => p.startsWith("lib/")), "no sources");

  const app = join(dir, "app");
  await Deno.mkdir(app);
  await Deno.writeTextFile(
    join(app, "package.json"),
    JSON.stringify({
      name: "scratch",
      private: true,
      type: "module",
      dependencies: { "@servy/servy": `file:../${filename}` },
    }),
  );
  await run("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    "--omit=optional",
  ], app);
  for (const file of ["_app.mjs", "_types.ts"]) {
    await Deno.copyFile(join(HERE, file), join(app, file.slice(1)));
  }
  return app;
}

function assertRan(out: string) {
  const result = JSON.parse(out);
  assert.match(result.exit, /^\{:EXIT, #PID<0\.\d+\.0>, :kaboom\}$/);
  assert.equal(result.fromChild, true);
  assert.equal(result.answer, 42);
  assert.equal(result.http, "function");
  assert.equal(result.kickStarter, "function");
}

Deno.test("package: the built @servy/servy links, traps an exit and serves a GenServer call, imported by name on Node and on Deno", async () => {
  const dir = await Deno.makeTempDir({ prefix: "servy-package-" });
  try {
    const app = await scratchProject(dir);
    assertRan(await run("node", ["app.mjs"], app));
    assertRan(
      await run(Deno.execPath(), ["run", "--allow-all", "app.mjs"], app),
    );
    await run(Deno.execPath(), ["check", "types.ts"], app);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
