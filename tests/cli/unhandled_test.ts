import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { onUncaught as onDeno } from "../../lib/sys/deno.ts";
import { onUncaught as onNode } from "../../lib/sys/node.ts";
import type { UncaughtOrigin } from "../../lib/sys/platform.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SCRIPT = `${ROOT}tests/cli/_uncaught_script.ts`;
const decoder = new TextDecoder();

async function output(program: string, args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(program, {
    args,
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
}

/**
 * esbuild for Node 20, text imports included, as build_binary.mjs runs it
 * (CommonJS, as in the binary; ESM for a script with top-level await).
 */
async function bundle(entry: string, format: "cjs" | "esm"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "servy-uncaught-" });
  const outfile = `${dir}/bundle.${format === "cjs" ? "cjs" : "mjs"}`;
  const build = `
    import * as esbuild from "esbuild";
    import { readFileSync } from "node:fs";
    import { dirname, resolve } from "node:path";
    const [entry, outfile, format] = process.argv.slice(1);
    await esbuild.build({
      entryPoints: [entry], outfile, bundle: true, platform: "node",
      format, target: "node20", logLevel: "warning",
      plugins: [{ name: "text", setup(b) {
        b.onResolve({ filter: /.*/ }, (a) => a.with?.type === "text"
          ? { path: resolve(dirname(a.importer), a.path), namespace: "text" }
          : undefined);
        b.onLoad({ filter: /.*/, namespace: "text" },
          (a) => ({ contents: readFileSync(a.path, "utf8"), loader: "text" }));
      } }],
    });`;
  const { code, err } = await output("node", [
    "--input-type=module",
    "-e",
    build,
    entry,
    outfile,
    format,
  ]);
  assert.equal(code, 0, err);
  return outfile;
}

/** The reports the script's four bugs must produce, in any order. */
function assertReported(out: string, err: string) {
  assert.equal(out, "still alive: pong\n", err);
  const doomed = /^doomed: (#PID<0\.\d+\.0>)$/m.exec(err)?.[1];
  assert.ok(doomed, err);
  const entry = "\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[error\\] ";
  for (
    const report of [
      "Unhandled rejection outside any process\n** (RuntimeError) boom\n",
      "Unhandled rejection outside any process\n** (RuntimeError) helper\n",
      "Uncaught exception outside any process\n** (RuntimeError) tick\n",
      `Process ${doomed} raised an exception\n** (Dead) The process has exited\n`,
    ]
  ) {
    assert.match(err, new RegExp(entry + RegExp.escape(report)), err);
  }
  assert.doesNotMatch(err, /Uncaught \(in promise\)|error: Uncaught/);
}

Deno.test("host: an unhandled rejection in a process is logged and the runtime keeps running (Deno)", async () => {
  const { code, out, err } = await output(Deno.execPath(), ["run", SCRIPT]);
  assert.equal(code, 0, err);
  assertReported(out, err);
});

Deno.test("host: an unhandled rejection in a process is logged and the runtime keeps running (Node)", async () => {
  const script = await bundle(SCRIPT, "esm");
  try {
    const { code, out, err } = await output("node", [script]);
    assert.equal(code, 0, err);
    assertReported(out, err);
  } finally {
    await Deno.remove(script.replace(/\/[^/]*$/, ""), { recursive: true });
  }
});

const BOOM =
  /\n\d\d:\d\d:\d\d\.\d{3} \[error\] Unhandled rejection outside any process\n\*\* \(RuntimeError\) boom after start\n/;

Deno.test("host: main.ts installs the handlers: servy logs a rejection no one handled and exits with its own code", async () => {
  const { code, out, err } = await output(Deno.execPath(), [
    "run",
    "--allow-net",
    "--allow-env",
    "--allow-read",
    "--preload",
    `${ROOT}tests/cli/_reject_on_load.ts`,
    `${ROOT}main.ts`,
    "run",
  ]);
  assert.equal(code, 0, err);
  assert.match(out, /^Scenarios/);
  assert.match(err, BOOM);
});

Deno.test("host: main_node.ts installs the handlers on Node too", async () => {
  const servy = await bundle(`${ROOT}main_node.ts`, "cjs");
  try {
    const later =
      "setTimeout(() => Promise.reject(new Error('boom after start')))";
    const { code, out, err } = await output("node", [
      "--import",
      `data:text/javascript,${encodeURIComponent(later)}`,
      servy,
      "run",
    ]);
    assert.equal(code, 0, err);
    assert.match(out, /^Scenarios/);
    assert.match(err, BOOM);
  } finally {
    await Deno.remove(servy.replace(/\/[^/]*$/, ""), { recursive: true });
  }
});

Deno.test("host: onUncaught on Deno prevents the default of unhandledrejection and error, until uninstalled", () => {
  const target = new EventTarget();
  const seen: [unknown, UncaughtOrigin][] = [];
  const uninstall = onDeno(
    (error, origin) => seen.push([error, origin]),
    target,
  );
  const reason = new Error("rejected");
  const promise = Promise.reject(reason);
  promise.catch(() => {}); // handled here: this test's own host must not see it
  const rejection = new PromiseRejectionEvent("unhandledrejection", {
    promise,
    reason,
    cancelable: true,
  });
  const thrown = new Error("thrown");
  const error = new ErrorEvent("error", { error: thrown, cancelable: true });
  target.dispatchEvent(rejection);
  target.dispatchEvent(error);
  assert.deepEqual(seen, [[reason, "rejection"], [thrown, "exception"]]);
  assert.equal(rejection.defaultPrevented, true);
  assert.equal(error.defaultPrevented, true);
  uninstall();
  const after = new ErrorEvent("error", { error: thrown, cancelable: true });
  target.dispatchEvent(after);
  assert.equal(seen.length, 2);
  assert.equal(after.defaultPrevented, false);
});

Deno.test("host: onUncaught on Node listens for unhandledRejection and uncaughtException, until uninstalled", () => {
  const host = new EventEmitter();
  const seen: [unknown, UncaughtOrigin][] = [];
  const uninstall = onNode((error, origin) => seen.push([error, origin]), host);
  assert.equal(host.listenerCount("unhandledRejection"), 1);
  assert.equal(host.listenerCount("uncaughtException"), 1);
  const [a, b, c] = [new Error("a"), new Error("b"), "c"];
  host.emit("unhandledRejection", a, Promise.resolve());
  host.emit("uncaughtException", b, "uncaughtException");
  // --unhandled-rejections=strict turns rejections into exceptions
  host.emit("uncaughtException", c, "unhandledRejection");
  assert.deepEqual(seen, [[a, "rejection"], [b, "exception"], [
    c,
    "rejection",
  ]]);
  uninstall();
  assert.equal(host.listenerCount("unhandledRejection"), 0);
  assert.equal(host.listenerCount("uncaughtException"), 0);
});
