/**
 * The `servy` CLI: reads the command, then that command's flags with
 * `parseArgs` (args.ts: `node:util`'s, without Deno's Node layer), and runs
 * it. Unknown commands and flags print the usage and exit 2.
 *
 * @module
 */

import { parseArgs } from "./args.ts";
import type { Platform } from "../sys/platform.ts";
import { MAX_STEP_MS } from "./pace.ts";
import { RUN_USAGE, SERVE_USAGE, TREE_USAGE, USAGE } from "./usage.ts";

// Each command's modules load when it runs (start-up: `servy serve` loads
// neither the scenarios nor `run`'s, and the observer only when asked).

/** servy's version, as `servy --version` prints it. */
export const VERSION = "0.1.0";

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
    return parseArgs({ args, ...COMMAND_LINES.top });
  } catch (e) {
    return (e as Error).message;
  }
}

function isParseError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

async function run(rest: string[], platform: Platform): Promise<number> {
  const { findScenario, listScenarios, printSource, runScenario } =
    await import("./commands/run.ts");
  const { values, positionals } = parseArgs({
    args: observerPort(rest, await scenarioNames()),
    ...COMMAND_LINES.run,
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
  const go = helpOrPort(values, RUN_USAGE, platform);
  if (typeof go === "number") return go;
  if (go.port === 0) {
    // The lesson's steps probe their server and restart it on one port.
    const message =
      'Invalid port "0" for run: a scenario probes and restarts its server on one known port';
    return usageError(platform, message, RUN_USAGE);
  }
  const paced = observerAndPace(values, go.port);
  if (typeof paced === "string") {
    return usageError(platform, paced, RUN_USAGE);
  }
  if (values.source) {
    printSource(scenario, platform);
    return 0;
  }
  return await runScenario(scenario, platform, { ...go, ...paced });
}

async function scenarioNames(): Promise<Set<string>> {
  const { SCENARIOS } = await import("./scenarios/mod.ts");
  return new Set(SCENARIOS.map((s) => s.name));
}

/**
 * Checks `run`'s `--observer [PORT]` and `--step-ms N`.
 *
 * @returns the observer's port and the pace, or what is wrong with them
 */
function observerAndPace(
  values: { observer?: string; "step-ms"?: string },
  port: number,
): { observer?: number; stepMs?: number } | string {
  const text = values["step-ms"];
  if (values.observer === undefined) {
    // Without the observer there is nothing to watch between the steps.
    return text === undefined
      ? {}
      : "--step-ms paces the steps for the observer: give --observer too";
  }
  const observer = portNumber(values.observer);
  if (observer === undefined) {
    return `Invalid observer port "${values.observer}"`;
  }
  if (observer === port) {
    return `The observer's port ${observer} is the HTTP server's (--port)`;
  }
  if (text === undefined) return { observer };
  const stepMs = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  return stepMs <= MAX_STEP_MS ? { observer, stepMs } : (
    `Invalid --step-ms "${text}": a whole number of milliseconds from 0 to ${MAX_STEP_MS}`
  );
}

async function serveCommand(
  rest: string[],
  platform: Platform,
): Promise<number> {
  const { values } = parseArgs({
    args: observerPort(rest),
    ...COMMAND_LINES.serve,
  });
  const go = helpOrPort(values, SERVE_USAGE, platform);
  if (typeof go === "number") return go;
  const observer = values.observer === undefined
    ? undefined
    : portNumber(values.observer);
  if (values.observer !== undefined && observer === undefined) {
    const message = `Invalid observer port "${values.observer}"`;
    return usageError(platform, message, SERVE_USAGE);
  }
  const { serve } = await import("./commands/serve.ts");
  return await serve(platform, {
    port: go.port,
    host: values.host,
    verbose: values.verbose,
    tree: values.tree,
    observer,
  });
}

async function treeCommand(
  rest: string[],
  platform: Platform,
): Promise<number> {
  const { values } = parseArgs({ args: rest, ...COMMAND_LINES.tree });
  const go = helpOrPort(values, TREE_USAGE, platform);
  if (typeof go === "number") return go;
  const { printTree } = await import("./commands/tree.ts");
  return await printTree(platform, go);
}

/** The observer's port when `--observer` comes without one. */
export const OBSERVER_PORT = "4001";

/**
 * `--observer [PORT]`: parseArgs has no optional values, so a bare
 * `--observer` (last, or before another flag or one of `names`, the
 * command's positionals) gets the default port.
 */
function observerPort(
  args: string[],
  names: ReadonlySet<string> = new Set(),
): string[] {
  return args.flatMap((arg, i) =>
    arg === "--observer" &&
      (i === args.length - 1 || args[i + 1].startsWith("-") ||
        names.has(args[i + 1]))
      ? [arg, OBSERVER_PORT]
      : [arg]
  );
}

/** The options every server command takes. */
const PORT_AND_HELP = {
  port: { type: "string", default: "4000" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * What each command line is parsed against: servy's bare flags, and each
 * command's (tests/cli/args_test.ts checks args.ts on these against
 * `node:util`'s `parseArgs`).
 */
export const COMMAND_LINES = {
  top: {
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
    },
  },
  run: {
    allowPositionals: true,
    options: {
      ...PORT_AND_HELP,
      source: { type: "boolean" },
      observer: { type: "string" },
      "step-ms": { type: "string" },
    },
  },
  serve: {
    allowPositionals: false,
    options: {
      ...PORT_AND_HELP,
      host: { type: "string", default: "127.0.0.1" },
      verbose: { type: "boolean", default: false },
      tree: { type: "boolean", default: false },
      observer: { type: "string" },
    },
  },
  tree: { allowPositionals: false, options: PORT_AND_HELP },
} as const;

/**
 * Handles `--help` and checks `--port`.
 *
 * @returns the port to go on with, or the exit code to stop with
 */
function helpOrPort(
  values: { help?: boolean; port: string },
  usage: string,
  platform: Platform,
): { port: number } | number {
  if (values.help) {
    platform.print(usage);
    return 0;
  }
  const port = portNumber(values.port);
  if (port === undefined) {
    return usageError(platform, `Invalid port "${values.port}"`, usage);
  }
  return { port };
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
