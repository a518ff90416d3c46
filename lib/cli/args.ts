/**
 * `parseArgs` as `node:util` has it, for the options servy's commands use
 * (strict; `boolean` and `string` options, `short`, `default`,
 * `allowPositionals`), with the same results, the same errors and the same
 * messages. On Deno, importing `node:util` starts Deno's Node layer, 5–6 ms
 * of a start-up; with lib/sys/host_timers.ts, servy on Deno loads none of
 * it.
 * tests/cli/args_test.ts checks it against `node:util`'s on generated
 * command lines.
 *
 * @module
 */

/** One option. */
export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
  default?: string | boolean;
}

/** The options, by long name. */
export type Options = Readonly<Record<string, Readonly<OptionSpec>>>;

/** What a command line is parsed against. */
export interface ParseConfig<O extends Options> {
  args: readonly string[];
  options: O;
  allowPositionals?: boolean;
}

type Value<S extends OptionSpec> = S["type"] extends "boolean" ? boolean
  : string;

/** Each option's value: those with a default always have one. */
export type Values<O extends Options> =
  & {
    -readonly [K in keyof O as O[K] extends { default: unknown } ? K : never]:
      Value<O[K]>;
  }
  & {
    -readonly [K in keyof O as O[K] extends { default: unknown } ? never : K]?:
      Value<O[K]>;
  };

/** A command line that does not parse; `code` as `node:util` names it. */
export class ParseArgsError extends TypeError {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "TypeError";
  }
}

interface OptionToken {
  name: string;
  rawName: string;
  value: string | undefined;
  inline: boolean;
}

type Token = OptionToken | { positional: string };

/**
 * Parses `config.args`.
 *
 * @returns the options' values and the positionals
 * @throws ParseArgsError for an unknown option, a missing or unexpected
 * value, an ambiguous one (`--port -1`) or a positional where none is taken
 */
export function parseArgs<O extends Options>(
  config: ParseConfig<O>,
): { values: Values<O>; positionals: string[] } {
  const { options, allowPositionals = false } = config;
  const values: Record<string, string | boolean> = Object.create(null);
  const positionals: string[] = [];
  for (const token of tokens(config.args, options)) {
    if ("positional" in token) {
      if (!allowPositionals) {
        throw new ParseArgsError(
          "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL",
          `Unexpected argument '${token.positional}'. This command does not take positional arguments`,
        );
      }
      positionals.push(token.positional);
      continue;
    }
    check(token, options, allowPositionals);
    values[token.name] = token.value ?? true;
  }
  for (const [name, spec] of Object.entries(options)) {
    if (spec.default !== undefined && values[name] === undefined) {
      values[name] = spec.default;
    }
  }
  return { values: values as Values<O>, positionals };
}

function typeOf(options: Options, name: string): string | undefined {
  return Object.hasOwn(options, name) ? options[name].type : undefined;
}

/** The long name of short option `short`; itself if none has it. */
function longOf(options: Options, short: string): string {
  for (const [name, spec] of Object.entries(options)) {
    if (spec.short === short) return name;
  }
  return short;
}

/**
 * Splits the command line as `node:util` does, before any check. A group
 * of short options (`-hV`) is read as its options one by one, before the
 * next argument, as `node:util` reads them; kept apart from the arguments
 * rather than put back in front of them, so a long command line is read
 * in one pass (`node:util`'s `unshift` takes seconds for 50,000 groups).
 */
function tokens(args: readonly string[], options: Options): Token[] {
  const out: Token[] = [];
  let group: string[] = [];
  let g = 0; // the next of `group`, read before args[i]
  let i = 0;
  const more = () => g < group.length || i < args.length;
  const take = () => g < group.length ? group[g++] : args[i++];
  const peek = () => g < group.length ? group[g] : args[i];
  const option = (name: string, rawName: string, value?: string) =>
    out.push({ name, rawName, value, inline: false });
  while (more()) {
    const arg = take();
    const next = peek();
    if (arg === "--") {
      while (more()) out.push({ positional: take() });
    } else if (arg.length === 2 && arg[0] === "-" && arg[1] !== "-") {
      const name = longOf(options, arg[1]); // `-p`
      const takes = typeOf(options, name) === "string" && next !== undefined;
      option(name, arg, takes ? take() : undefined);
    } else if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
      if (typeOf(options, longOf(options, arg[1])) === "string") {
        const name = longOf(options, arg[1]); // `-pVALUE`
        out.push({
          name,
          rawName: arg.slice(0, 2),
          value: arg.slice(2),
          inline: true,
        });
        continue;
      }
      // `-hV`: one option each. Only an argument is a group: its parts
      // are `-x`, or `-pVALUE` for an option that takes a value.
      const parts: string[] = [];
      for (let c = 1; c < arg.length; c++) {
        if (
          typeOf(options, longOf(options, arg[c])) !== "string" ||
          c === arg.length - 1
        ) parts.push(`-${arg[c]}`);
        else {
          parts.push(`-${arg.slice(c)}`);
          break;
        }
      }
      group = parts;
      g = 0;
    } else if (arg.length > 2 && arg.startsWith("--")) {
      const eq = arg.indexOf("=", 3);
      if (eq === -1) {
        const name = arg.slice(2); // `--port`
        const takes = typeOf(options, name) === "string" && next !== undefined;
        option(name, arg, takes ? take() : undefined);
      } else {
        const name = arg.slice(2, eq); // `--port=4000`
        out.push({
          name,
          rawName: `--${name}`,
          value: arg.slice(eq + 1),
          inline: true,
        });
      }
    } else out.push({ positional: arg });
  }
  return out;
}

/** `node:util`'s strict checks of one option, in its order. */
function check(
  token: OptionToken,
  options: Options,
  allowPositionals: boolean,
): void {
  const { name, rawName, value } = token;
  if (!Object.hasOwn(options, name)) {
    const hint = allowPositionals
      ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${
        JSON.stringify(rawName)
      }`
      : "";
    throw new ParseArgsError(
      "ERR_PARSE_ARGS_UNKNOWN_OPTION",
      `Unknown option '${rawName}'${hint}`,
    );
  }
  const spec = options[name];
  const both = `${spec.short ? `-${spec.short}, ` : ""}--${name}`;
  if (spec.type === "string" && typeof value !== "string") {
    throw new ParseArgsError(
      "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
      `Option '${both} <value>' argument missing`,
    );
  }
  if (spec.type === "boolean" && value !== undefined) {
    throw new ParseArgsError(
      "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
      `Option '${both}' does not take an argument`,
    );
  }
  if (
    !token.inline && value !== undefined && value.length > 1 && value[0] === "-"
  ) {
    const example = rawName.startsWith("--")
      ? `'--${name}=-XYZ'`
      : `'--${name}=-XYZ' or '${rawName}-XYZ'`;
    throw new ParseArgsError(
      "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
      `Option '${rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${rawName}'?\nTo specify an option argument starting with a dash use ${example}.`,
    );
  }
}
