/**
 * The `servy` CLI: reads the command, then that command's flags with
 * `node:util` `parseArgs`, and runs it. Unknown commands and flags print
 * the usage and exit 2.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { Platform } from "../sys/platform.ts";
import {
  findScenario,
  listScenarios,
  printSource,
  runScenario,
} from "./commands/run.ts";
import { serve } from "./commands/serve.ts";
import { printTree } from "./commands/tree.ts";

/** servy's version, as `servy --version` prints it. */
export const VERSION = "0.1.0";

const USAGE = `Usage: servy <command> [options]

Commands:
  run [scenario]   replay a step of the "Another GenServer" lesson
                   (no scenario: list them)
  serve            run the Servy app under its supervision tree
  tree             start the supervision tree, print it, stop it

Options:
  -h, --help       show this help (servy <command> --help: the command's)
  -V, --version    show the version
`;

const RUN_USAGE = `Usage: servy run [scenario] [options]

Replays a step of the lesson on a real port and checks its facts;
exits 0 only when all of them hold. Without a scenario, lists them.

Options:
  --port N         the port of the HTTP server (default 4000)
  --source         print the step's KickStarter beside the lesson's Elixir
  -h, --help       show this help
`;

const SERVE_USAGE = `Usage: servy serve [options]

Runs the Servy app until Ctrl-C or SIGTERM, then finishes the requests
in flight and exits 0.

Options:
  --port N         the port to listen on (default 4000)
  --host ADDR      the address to bind (default 127.0.0.1)
  --verbose        the course's console lines for every connection,
                   instead of one access-log line per request
  --tree           print the supervision tree once it is up
  -h, --help       show this help
`;

const TREE_USAGE = `Usage: servy tree [options]

Starts the Servy supervision tree, prints it (pids, registered names,
restart counts, mailbox lengths), and stops it.

Options:
  --port N         the HTTP server's port (default 4000)
  -h, --help       show this help
`;

type Command = (
  rest: string[],
  platform: Platform,
) => Promise<number> | number;

const COMMANDS: Record<string, Command> = {
  run,
  serve: serveCommand,
  tree: treeCommand,
};

const USAGES: Record<string, string> = {
  run: RUN_USAGE,
  serve: SERVE_USAGE,
  tree: TREE_USAGE,
};

/**
 * Runs the CLI.
 *
 * @param args the command-line arguments
 * @param platform where output goes
 * @returns the exit code
 */
export async function main(
  args: string[],
  platform: Platform,
): Promise<number> {
  const [first, ...rest] = args;
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) {
    try {
      return await COMMANDS[first](rest, platform);
    } catch (e) {
      if (!isParseError(e)) throw e;
      return usageError(platform, (e as Error).message, USAGES[first]);
    }
  }
  const parsed = parseTop(args);
  if (typeof parsed === "string") return usageError(platform, parsed, USAGE);
  const { values, positionals } = parsed;
  if (values.version) {
    platform.print(`servy ${VERSION}\n`);
    return 0;
  }
  if (positionals.length > 0) {
    return usageError(platform, `Unknown command "${positionals[0]}"`, USAGE);
  }
  if (values.help) {
    platform.print(USAGE);
    return 0;
  }
  return usageError(platform, "No command given", USAGE);
}

function parseTop(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
      },
    });
  } catch (e) {
    return (e as Error).message;
  }
}

function isParseError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

async function run(rest: string[], platform: Platform): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: "string", default: "4000" },
      source: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    platform.print(RUN_USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    listScenarios(platform);
    return 0;
  }
  const scenario = findScenario(positionals[0]);
  if (scenario === undefined || positionals.length > 1) {
    const what = positionals[scenario === undefined ? 0 : 1];
    return usageError(platform, `Unknown scenario "${what}"`, RUN_USAGE);
  }
  if (values.source) {
    printSource(scenario, platform);
    return 0;
  }
  const port = portNumber(values.port);
  if (port === undefined) {
    return usageError(platform, `Invalid port "${values.port}"`, RUN_USAGE);
  }
  return await runScenario(scenario, platform, { port });
}

async function serveCommand(
  rest: string[],
  platform: Platform,
): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    allowPositionals: false,
    options: {
      port: { type: "string", default: "4000" },
      host: { type: "string", default: "127.0.0.1" },
      verbose: { type: "boolean", default: false },
      tree: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    platform.print(SERVE_USAGE);
    return 0;
  }
  const port = portNumber(values.port);
  if (port === undefined) {
    return usageError(platform, `Invalid port "${values.port}"`, SERVE_USAGE);
  }
  return await serve(platform, {
    port,
    host: values.host,
    verbose: values.verbose,
    tree: values.tree,
  });
}

async function treeCommand(
  rest: string[],
  platform: Platform,
): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    allowPositionals: false,
    options: {
      port: { type: "string", default: "4000" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    platform.print(TREE_USAGE);
    return 0;
  }
  const port = portNumber(values.port);
  if (port === undefined) {
    return usageError(platform, `Invalid port "${values.port}"`, TREE_USAGE);
  }
  return await printTree(platform, { port });
}

function portNumber(text: string): number | undefined {
  const n = Number(text);
  return /^\d{1,5}$/.test(text) && n <= 65535 ? n : undefined;
}

function usageError(
  platform: Platform,
  message: string,
  usage: string,
): number {
  platform.printError(`servy: ${message}\n\n${usage}`);
  return 2;
}
