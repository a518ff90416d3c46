/**
 * `servy run [scenario] [--port N] [--source]`: lists the scenarios, or
 * replays one on a real port and exits 0 only when every fact of the
 * lesson held.
 *
 * @module
 */

import { formatEntry, realClock, startRuntime } from "../../actor/mod.ts";
import { portBusy } from "../port.ts";
import type { Platform } from "../../sys/platform.ts";
import { type Scenario, SCENARIOS } from "../scenarios/mod.ts";
import type { Shell } from "../scenarios/shell.ts";
import { sourceText } from "../source.ts";
import { Transcript } from "../transcript.ts";

/** Options of {@linkcode runScenario}. */
export interface RunOptions {
  port: number;
}

/**
 * Prints the scenarios, one line each.
 *
 * @param platform where to print
 */
export function listScenarios(platform: Platform): void {
  platform.print("Scenarios (servy run <scenario>):\n");
  for (const s of SCENARIOS) {
    platform.print(`  ${s.name.padEnd(10)} ${s.summary}\n`);
  }
}

/**
 * Finds a scenario.
 *
 * @param name its name
 * @returns it, or `undefined`
 */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/**
 * Prints `--source`.
 *
 * @param scenario the scenario
 * @param platform where to print
 */
export function printSource(scenario: Scenario, platform: Platform): void {
  platform.print(sourceText(scenario));
}

/**
 * Replays a scenario.
 *
 * @param scenario the scenario
 * @param platform where to print
 * @param options the port
 * @returns the exit code: 0 when every fact held, 1 otherwise
 */
export async function runScenario(
  scenario: Scenario,
  platform: Platform,
  options: RunOptions,
): Promise<number> {
  const busy = await portBusy(options.port);
  if (busy !== undefined) {
    platform.printError(`servy: ${busy}; pick another with --port N\n`);
    return 1;
  }
  const t = new Transcript(platform);
  let printed = "";
  let sent = 0;
  const say = (text: string) => {
    printed += text;
    if (text.startsWith("⬅️  Sent response:")) sent++;
    t.say(text);
  };
  const logs: string[] = [];
  await using rt = startRuntime({
    logger: (_level, entry) => {
      logs.push(entry);
      say(`${entry}\n`);
    },
  });
  t.comment(
    `servy run ${scenario.name}: "Another GenServer", ${scenario.section}`,
  );
  platform.print("\n");
  try {
    await rt.run((self) => {
      const sh: Shell = {
        self,
        t,
        arg: { port: options.port, console: say },
        logs,
        sent: () => sent,
      };
      return scenario.play(sh, () => printed);
    });
  } catch (e) {
    const report = formatEntry(
      realClock,
      "error",
      `The scenario crashed: ${e}`,
    );
    platform.printError(`${report}\n`);
    t.check("the scenario runs to its end", false);
  }
  return t.verdict();
}
