/**
 * `servy run <scenario> --source`: the KickStarter module servy runs for a
 * step, cut from lib/servy/kick_starter.ts (imported as text, so it is
 * the very code that runs), beside the lesson's Elixir.
 *
 * @module
 */

import kickStarter from "../servy/kick_starter.ts" with { type: "text" };
import type { Scenario } from "./scenarios/mod.ts";

/**
 * The module's declaration, with its doc comment.
 *
 * @param name `"Linked"`
 * @returns the TypeScript text
 */
export function moduleSource(name: string): string {
  const start = kickStarter.indexOf(`export const ${name}:`);
  if (start === -1) throw new RangeError(`No KickStarter module ${name}`);
  const doc = kickStarter.lastIndexOf("/**", start);
  const end = kickStarter.indexOf("\n};\n", start);
  return kickStarter.slice(doc, end + 3);
}

/**
 * The text `--source` prints.
 *
 * @param scenario the scenario
 * @returns the lesson's Elixir, then servy's TypeScript
 */
export function sourceText(scenario: Scenario): string {
  return `# The lesson's Elixir (${scenario.section})\n\n` +
    `${scenario.elixir}\n\n` +
    `# servy's TypeScript (lib/servy/kick_starter.ts, KickStarter.${scenario.module})\n\n` +
    `${moduleSource(scenario.module)}\n`;
}
