// `npm run build:package` (`deno task build:package`; npm's `prepack`): the
// npm package's files under dist/npm, as package.json's "exports" names them.
// - actor.js, http.js, servy.js: ESM bundled by esbuild with code splitting,
//   so the three entry points share one copy of the runtime (one Pid class,
//   one scheduler); npm packages (marked) stay imports.
// - types/: lib's declarations by TypeScript's compiler (esbuild emits none),
//   with relative ".ts" specifiers turned to ".js". The build fails on a type
//   error, or if a declaration Node reaches names the Deno namespace.
// Runs on Node or Deno. `--out DIR` writes there instead (the tests do).
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";
import ts from "typescript";
import { textImports } from "./text_imports.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { out: { type: "string" } },
});
const out = resolve(values.out ?? join(root, "dist", "npm"));

/** package.json's subpaths: the file bundled for each. */
const ENTRIES = {
  actor: "lib/actor/mod.ts",
  http: "lib/http/mod.ts",
  servy: "lib/servy/mod.ts",
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: Object.fromEntries(
    Object.entries(ENTRIES).map(([name, file]) => [name, join(root, file)]),
  ),
  outdir: out,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  // The runtime prints functions' and classes' names (process bodies,
  // exceptions): the bundle keeps them.
  keepNames: true,
  plugins: [textImports],
  logLevel: "warning",
});

const types = join(out, "types");
emitDeclarations(types);
for (const file of walk(types)) {
  if (!file.endsWith(".d.ts")) continue;
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(
    file,
    lines.map((line) =>
      isComment(line) ? line : line.replace(
        /((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']*)\.ts\2/g,
        "$1$2$3.js$2",
      )
    ).join("\n"),
  );
}
checkNoDeno(
  Object.values(ENTRIES).map((f) => join(types, f.replace(/\.ts$/, ".d.ts"))),
);
console.log(
  `${out}: ${Object.keys(ENTRIES).map((n) => `${n}.js`).join(", ")}, types/`,
);

/**
 * lib's `.d.ts` files under `dir`. The compile sees Deno's own types (from
 * `deno types`: lib/net and lib/sys hold both hosts' code) and text imports
 * as strings.
 */
function emitDeclarations(dir) {
  const ambient = mkdtempSync(join(tmpdir(), "servy-types-"));
  try {
    const deno = "Deno" in globalThis ? globalThis.Deno.execPath() : "deno";
    writeFileSync(
      join(ambient, "deno.d.ts"),
      execFileSync(deno, ["types"], { encoding: "utf8", maxBuffer: 2 ** 26 }),
    );
    writeFileSync(
      join(ambient, "text.d.ts"),
      ["html", "md"].map((ext) =>
        `declare module "*.${ext}" {\n  const text: string;\n  export default text;\n}\n`
      ).join(""),
    );
    const options = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      declaration: true,
      emitDeclarationOnly: true,
      strict: true,
      skipLibCheck: true,
      lib: ["lib.esnext.d.ts"],
      types: ["node"],
      typeRoots: [nodeTypes()],
      rootDir: root,
      outDir: dir,
    };
    const program = ts.createProgram([
      ...Object.values(ENTRIES).map((f) => join(root, f)),
      join(ambient, "deno.d.ts"),
      join(ambient, "text.d.ts"),
    ], options);
    const result = program.emit();
    const diagnostics = [
      ...ts.getPreEmitDiagnostics(program),
      ...result.diagnostics,
    ];
    if (diagnostics.length > 0) {
      const host = {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => "\n",
      };
      throw new Error(
        `declarations: ${diagnostics.length} errors\n` +
          ts.formatDiagnostics(diagnostics, host),
      );
    }
  } finally {
    rmSync(ambient, { recursive: true, force: true });
  }
}

/** The folder holding `@types/node`: node_modules, or Deno's npm cache. */
function nodeTypes() {
  const local = join(root, "node_modules", "@types");
  if (existsSync(join(local, "node"))) return local;
  const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
    .devDependencies["@types/node"];
  const info = JSON.parse(execFileSync(globalThis.Deno.execPath(), [
    "info",
    "--json",
    `npm:@types/node@${pinned}`,
  ], { encoding: "utf8", cwd: root, maxBuffer: 2 ** 26 }));
  const dir = info.npmPackages?.[`@types/node@${pinned}`]?.path ??
    Object.values(info.npmPackages ?? {}).find((p) => p.name === "@types/node")
      ?.path;
  if (!dir) throw new Error(`@types/node@${pinned} not found`);
  // The folder must be named node, under a folder given as a type root.
  const link = mkdtempSync(join(tmpdir(), "servy-typeroot-"));
  execFileSync("ln", ["-s", dir, join(link, "node")]);
  process.on("exit", () => rmSync(link, { recursive: true, force: true }));
  return link;
}

/**
 * Throws if a declaration reachable from `entries` mentions `Deno.`: a
 * Node user's compiler has no such namespace.
 */
function checkNoDeno(entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, "utf8").split("\n")
      .filter((l) => !isComment(l)).join("\n");
    const line = code.split("\n").find((l) => /\bDeno\./.test(l));
    if (line !== undefined) {
      throw new Error(
        `${relative(out, file)} names the Deno namespace: ${line.trim()}`,
      );
    }
    for (const [, spec] of code.matchAll(/["'](\.{1,2}\/[^"']*)\.js["']/g)) {
      queue.push(resolve(dirname(file), `${spec}.d.ts`));
    }
  }
}

/** A line of a doc comment or a `//` comment (their code is examples). */
function isComment(line) {
  return /^\s*(\*|\/\/|\/\*)/.test(line);
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
