import assert from "node:assert/strict";
import { parseArgs as nodeParseArgs } from "node:util";
import { type Options, parseArgs, ParseArgsError } from "../../lib/cli/args.ts";
import { COMMAND_LINES } from "../../lib/cli/mod.ts";

// servy's own parseArgs against node:util's (the one it replaces), on the
// option sets servy's commands use (COMMAND_LINES) and on generated command
// lines: the same values, positionals, error codes and messages.

const CONFIGS: { options: Options; allowPositionals: boolean }[] = [
  ...Object.values(COMMAND_LINES),
  // Beyond servy's own: a short option that takes a value (`-p 4000`,
  // `-p4000`, `-hp 4000`), which none of its commands has.
  {
    allowPositionals: true,
    options: {
      port: { type: "string", short: "p" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
    },
  },
];

const WORDS = [
  "--port",
  "--port=",
  "--port=4000",
  "--port=-1",
  "4000",
  "-1",
  "-5",
  "-",
  "--",
  "-h",
  "-hV",
  "-Vh",
  "-V",
  "-hx",
  "-x",
  "-p",
  "-p4000",
  "-hp",
  "-hp4000",
  "-ph",
  "-Vhp",
  "--help",
  "--help=1",
  "--help=",
  "--version",
  "--verbose",
  "--verbose=false",
  "--tree",
  "--host",
  "--host=::1",
  "--observer",
  "--observer=4001",
  "--step-ms",
  "--step-ms=5",
  "--source",
  "linked",
  "restart",
  "--bogus",
  "--bogus=1",
  "---",
  "--=x",
  "-=",
  "=",
  "",
  "--Port",
  "-hh",
  "-h-",
  "--constructor",
  "--__proto__",
  "--toString",
  "-ф",
  "--порт",
  "\u0000",
];

/** mulberry32: a seeded stream, so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome =
  | { values: [string, unknown][]; positionals: string[] }
  | { code: string; message: string };

function outcome(
  parse: () => { values: object; positionals: string[] },
): Outcome {
  try {
    const { values, positionals } = parse();
    return { values: Object.entries(values).sort(), positionals };
  } catch (e) {
    const { code, message } = e as { code: string; message: string };
    return { code, message };
  }
}

const SEED = Number(Deno.env.get("SERVY_ARGS_SEED") ?? 20261201);

Deno.test(`parseArgs: the same outcome as node:util's on 20,000 generated command lines (seed ${SEED})`, () => {
  const next = random(SEED);
  for (let i = 0; i < 20_000; i++) {
    const config = CONFIGS[i % CONFIGS.length];
    const args = Array.from(
      { length: Math.floor(next() * 6) },
      () => WORDS[Math.floor(next() * WORDS.length)],
    );
    const ours = outcome(() => parseArgs({ ...config, args }));
    const theirs = outcome(() =>
      nodeParseArgs({
        ...config,
        args,
        strict: true,
        // deno-lint-ignore no-explicit-any
      } as any) as { values: object; positionals: string[] }
    );
    assert.deepEqual(
      ours,
      theirs,
      `args ${JSON.stringify(args)}, config ${i % CONFIGS.length}`,
    );
  }
});

Deno.test("parseArgs: the errors are node:util's, with its codes (the CLI prints the message and exits 2)", () => {
  const serve = COMMAND_LINES.serve;
  const fail = (args: string[]) => {
    try {
      parseArgs({ ...serve, args });
    } catch (e) {
      assert.ok(e instanceof ParseArgsError && e instanceof TypeError);
      return `${e.code}: ${e.message}`;
    }
    assert.fail(`no error for ${JSON.stringify(args)}`);
  };
  assert.equal(
    fail(["--bogus"]),
    "ERR_PARSE_ARGS_UNKNOWN_OPTION: Unknown option '--bogus'",
  );
  assert.equal(
    fail(["--port"]),
    "ERR_PARSE_ARGS_INVALID_OPTION_VALUE: Option '--port <value>' argument missing",
  );
  assert.equal(
    fail(["-h=1"]),
    "ERR_PARSE_ARGS_UNKNOWN_OPTION: Unknown option '-='",
  );
  assert.match(
    fail(["--port", "-1"]),
    /^ERR_PARSE_ARGS_INVALID_OPTION_VALUE: Option '--port' argument is ambiguous/,
  );
  assert.equal(
    fail(["x"]),
    "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: Unexpected argument 'x'. This command does not take positional arguments",
  );
});

Deno.test("parseArgs: defaults fill what is not given; the last of a repeated option wins; `--` ends the options", () => {
  const { values, positionals } = parseArgs({
    ...COMMAND_LINES.run,
    args: ["linked", "--port", "1", "--port=2", "--", "--help"],
  });
  assert.equal(values.port, "2");
  assert.equal(values.help, undefined);
  assert.deepEqual(positionals, ["linked", "--help"]);
  assert.equal(
    parseArgs({ ...COMMAND_LINES.tree, args: [] }).values.port,
    "4000",
  );
});

Deno.test("parseArgs: a flood of 200,000 arguments, short groups and options with values, is read in one pass with the same outcome", () => {
  const groups = Array.from({ length: 200_000 }, () => "-hV");
  assert.deepEqual(
    { ...parseArgs({ ...COMMAND_LINES.top, args: groups }).values },
    { help: true, version: true },
  );
  const ports = Array.from(
    { length: 200_000 },
    (_, i) => i % 2 === 0 ? "--port" : String(i),
  );
  const { values, positionals } = parseArgs({
    ...COMMAND_LINES.run,
    args: ["linked", ...ports],
  });
  assert.equal(values.port, "199999");
  assert.deepEqual(positionals, ["linked"]);
});
