/**
 * `deno task compile`: `dist/servy` with `deno compile`. It needs Deno's
 * runtime, `denort`: from `DENORT_BIN` when set, else downloaded from
 * dl.deno.land. When neither works, it says so in one line and exits 1.
 *
 * @module
 */

const args = [
  "compile",
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--include",
  "lib/servy/pages",
  "--output",
  "dist/servy",
  "main.ts",
];
const root = new URL("../", import.meta.url).pathname;
const { code, stderr } = await new Deno.Command(Deno.execPath(), {
  args,
  cwd: root,
  stdout: "inherit",
  stderr: "piped",
}).output();
const errors = new TextDecoder().decode(stderr);
if (code === 0) {
  console.log("dist/servy: built with deno compile");
  Deno.exit(0);
}
if (/denort|dl\.deno\.land|DENORT_BIN/.test(errors)) {
  const why = Deno.env.get("DENORT_BIN")
    ? `DENORT_BIN (${Deno.env.get("DENORT_BIN")}) is not a usable denort`
    : "it cannot download Deno's runtime (denort) from dl.deno.land";
  console.error(
    `servy: deno compile failed: ${why}; set DENORT_BIN to a denort ${Deno.version.deno} binary for this platform, or use npm run build:binary`,
  );
} else {
  console.error(errors.trimEnd());
}
Deno.exit(1);
