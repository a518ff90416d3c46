/**
 * The `servy` CLI: parses the arguments with `node:util` `parseArgs` and
 * runs a command from the table. Unknown commands and flags print the usage
 * and exit 2.
 *
 * @module
 */

import { parseArgs } from "node:util";
import type { Platform } from "../sys/platform.ts";
import { SCENARIOS } from "./scenarios.ts";

/** servy's version, as `servy --version` prints it. */
export const VERSION = "0.1.0";

const USAGE = `Usage: servy <command> [options]

Commands:
  run [scenario]   replay a step of the "Another GenServer" lesson (no scenario: list them)

Options:
  -h, --help       show this help
  -V, --version    show the version
`;

/**
 * Runs the CLI.
 *
 * @param args the command-line arguments
 * @param platform where output goes
 * @returns the exit code
 */
export function main(args: string[], platform: Platform): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
      },
    });
  } catch (e) {
    return usageError(platform, (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    platform.print(`servy ${VERSION}\n`);
    return Promise.resolve(0);
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    platform.print(USAGE);
    return Promise.resolve(command === undefined && !values.help ? 2 : 0);
  }
  if (command === "run") return run(rest, platform);
  return usageError(platform, `Unknown command "${command}"`);
}

function run(rest: string[], platform: Platform): Promise<number> {
  if (rest.length === 0) {
    platform.print("Scenarios (servy run <scenario>):\n");
    for (const s of SCENARIOS) {
      platform.print(`  ${s.name.padEnd(10)} ${s.summary}\n`);
    }
    return Promise.resolve(0);
  }
  const scenario = SCENARIOS.find((s) => s.name === rest[0]);
  if (scenario === undefined) {
    return usageError(platform, `Unknown scenario "${rest[0]}"`);
  }
  platform.printError(
    `servy: scenario "${scenario.name}" is not built yet (see issue 4)\n`,
  );
  return Promise.resolve(1);
}

function usageError(platform: Platform, message: string): Promise<number> {
  platform.printError(`servy: ${message}\n\n${USAGE}`);
  return Promise.resolve(2);
}
