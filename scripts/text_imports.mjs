// esbuild plugin: `import x from "./f.md" with { type: "text" }`, as Deno
// reads it (the file's text as the default export). Shared by the binary's
// and the npm package's builds.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** @type {import("esbuild").Plugin} */
export const textImports = {
  name: "text-imports",
  setup(build) {
    build.onResolve(
      { filter: /.*/ },
      (args) =>
        args.with?.type === "text"
          ? {
            path: resolve(dirname(args.importer), args.path),
            namespace: "text",
          }
          : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "text" }, (args) => ({
      contents: readFileSync(args.path, "utf8"),
      loader: "text",
    }));
  },
};
