// `npm run build:binary`: servy as a Node single executable application,
// offline: esbuild bundles main_node.ts (text imports included) into one
// CommonJS file, Node makes the SEA blob, postject injects it into a copy
// of this Node. Output: dist/servy-node.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { textImports } from "./text_imports.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
mkdirSync(dist, { recursive: true });

const bundle = join(dist, "servy.cjs");
await esbuild.build({
  entryPoints: [join(root, "main_node.ts")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outfile: bundle,
  plugins: [textImports],
  logLevel: "warning",
});

const blob = join(dist, "servy.blob");
const config = join(dist, "sea-config.json");
writeFileSync(
  config,
  JSON.stringify({
    main: bundle,
    output: blob,
    disableExperimentalSEAWarning: true,
    // V8's code cache in the blob: the bundle is not compiled at each start.
    useCodeCache: true,
  }),
);
execFileSync(process.execPath, ["--experimental-sea-config", config], {
  stdio: "ignore",
});

const binary = join(dist, "servy-node");
copyFileSync(process.execPath, binary);
chmodSync(binary, 0o755);
execFileSync(join(root, "node_modules", ".bin", "postject"), [
  binary,
  "NODE_SEA_BLOB",
  blob,
  "--sentinel-fuse",
  "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2",
], { stdio: "ignore" });
const mib = (statSync(binary).size / 2 ** 20).toFixed(1);
console.log(
  `dist/servy-node: ${mib} MiB (Node ${process.version} with servy inside)`,
);
