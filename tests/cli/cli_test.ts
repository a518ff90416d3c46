import assert from "node:assert/strict";
import { main, VERSION } from "../../lib/cli/mod.ts";
import { capture, servyOutput } from "./_cli.ts";

Deno.test("cli: an unknown command prints the usage and exits 2", async () => {
  const p = capture();
  assert.equal(await main(["frobnicate"], p), 2);
  assert.match(p.err, /Unknown command "frobnicate"/);
  assert.match(p.err, /Usage: servy <command>/);
});

Deno.test("cli: an unknown flag, scenario or port prints the usage and exits 2", async () => {
  for (
    const [args, message, usage] of [
      [["--bogus"], /Unknown option '--bogus'/, /Usage: servy <command>/],
      [
        ["run", "linked", "--bogus"],
        /Unknown option '--bogus'/,
        /Usage: servy run/,
      ],
      [["run", "sideways"], /Unknown scenario "sideways"/, /Usage: servy run/],
      [
        ["serve", "--port", "99999"],
        /Invalid port "99999"/,
        /Usage: servy serve/,
      ],
      [["serve", "extra"], /extra/, /Usage: servy serve/],
      [
        ["run", "trapped", "--port", "0"],
        /Invalid port "0" for run: a scenario probes and restarts its server on one known port/,
        /Usage: servy run/,
      ],
      [[], /No command given/, /Usage: servy <command>/],
    ] as const
  ) {
    const p = capture();
    assert.equal(await main([...args], p), 2, args.join(" "));
    assert.match(p.err, message);
    assert.match(p.err, usage);
  }
});

Deno.test("cli: --version, --help and each command's --help exit 0", async () => {
  const p = capture();
  assert.equal(await main(["--version"], p), 0);
  assert.equal(p.out, `servy ${VERSION}\n`);
  for (
    const [args, text] of [
      [["--help"], /run \[scenario\][^]*serve/],
      [["run", "--help"], /--port N[^]*--source/],
      [["serve", "-h"], /--host ADDR[^]*--verbose/],
    ] as const
  ) {
    const h = capture();
    assert.equal(await main([...args], h), 0);
    assert.match(h.out, text);
  }
});

Deno.test("cli: servy run lists the lesson's scenarios", async () => {
  const p = capture();
  assert.equal(await main(["run"], p), 0);
  for (const name of ["unlinked", "linked", "trapped", "restart"]) {
    assert.match(p.out, new RegExp(`^  ${name} `, "m"));
  }
});

Deno.test("cli: --source prints the step's KickStarter beside the lesson's Elixir", async () => {
  const p = capture();
  assert.equal(await main(["run", "linked", "--source"], p), 0);
  assert.match(p.out, /# The lesson's Elixir[^]*Process\.link\(server_pid\)/);
  assert.match(
    p.out,
    /# servy's TypeScript[^]*export const Linked: GenServerModule[^]*Process\.link\(serverPid\);[^]*\n};\n$/,
  );
  assert.doesNotMatch(p.out, /export const Trapped/);
});

Deno.test("cli: the process's exit code and usage, through main.ts", async () => {
  const bad = await servyOutput(["frobnicate"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Usage: servy/);
  const version = await servyOutput(["--version"]);
  assert.equal(version.code, 0);
  assert.equal(version.out, `servy ${VERSION}\n`);
});
