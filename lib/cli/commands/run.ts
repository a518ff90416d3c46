/**
 * `servy run [scenario] [--port N] [--source] [--observer [PORT]]
 * [--step-ms N]`: lists the scenarios, or replays one on a real port and
 * exits 0 only when every fact of the lesson held.
 *
 * With `--observer`, the observer (lib/observer) starts on the scenario's
 * runtime before its first step, so it sees every spawn, and prints its
 * address; each step then waits for the learner's Enter, or `--step-ms`
 * (lib/cli/pace.ts), and after the verdict one more pause keeps the
 * observer open on the end state. Ctrl-C stops the run: the observer and
 * the runtime stop, and servy exits 130, as a shell reports a program
 * ended by SIGINT.
 *
 * @module
 */

import {
  ExitError,
  formatEntry,
  realClock,
  type Runtime,
  startRuntime,
} from "../../actor/mod.ts";
import { PortInUseError } from "../../net/mod.ts";
import { type Observer, startObserver } from "../../observer/mod.ts";
import { Pacer } from "../pace.ts";
import { portBusy } from "../port.ts";
import type { Platform } from "../../sys/platform.ts";
import { type Scenario, SCENARIOS } from "../scenarios/mod.ts";
import type { Shell } from "../scenarios/shell.ts";
import { sourceText } from "../source.ts";
import { Transcript } from "../transcript.ts";

/** Options of {@linkcode runScenario}. */
export interface RunOptions {
  port: number;
  /** Open the observer on this port (0: a free one), and pause each step. */
  observer?: number;
  /** With `observer`: wait this long before each step instead of Enter. */
  stepMs?: number;
}

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT's 2). */
export const INTERRUPTED = 130;

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
 * @param platform where to print; with `observer`, input and signals too
 * @param options the port, the observer's port and the pace
 * @returns the exit code: 0 when every fact held, 1 otherwise;
 *   {@linkcode INTERRUPTED} when Ctrl-C stopped the steps
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
  using pacer = options.observer === undefined
    ? undefined
    : new Pacer(platform, { stepMs: options.stepMs });
  const t = new Transcript(platform, pacer && (() => pacer.pause()));
  let printed = "";
  let sent = 0;
  const say = (text: string) => {
    printed += text;
    if (text.startsWith("⬅️  Sent response:")) sent++;
    t.say(text);
  };
  const logs: string[] = [];
  // Set once the observer is up; the logger is made before it.
  const seen: { observer?: Observer } = {};
  await using rt = startRuntime({
    logger: (_level, entry) => {
      logs.push(entry);
      say(`${entry}\n`);
      seen.observer?.tracker.log(entry.trim());
    },
  });
  t.comment(
    `servy run ${scenario.name}: "Another GenServer", ${scenario.section}`,
  );
  const observer = await openObserver(rt, platform, options.observer);
  if (observer === "failed") return 1;
  seen.observer = observer;
  pacer?.announce();
  try {
    platform.print("\n");
    try {
      await rt.run((self) => {
        const sh: Shell = {
          self,
          t,
          arg: {
            port: options.port,
            console: say,
            log: () => observer?.tracker.countRequest(),
          },
          logs,
          sent: () => sent,
        };
        return scenario.play(sh, () => printed);
      });
    } catch (e) {
      if (pacer?.signal !== undefined && isShutdown(e)) {
        platform.print(
          `\n${pacer.signal}: stopped before the last step; no verdict.\n`,
        );
        return INTERRUPTED;
      }
      const report = formatEntry(
        realClock,
        "error",
        `The scenario crashed: ${e}`,
      );
      platform.printError(`${report}\n`);
      t.check("the scenario runs to its end", false);
    }
    const verdict = t.verdict();
    // The end state stays in the observer until the learner is done.
    await pacer?.pause("Enter: close the observer").catch((e) => {
      if (!isShutdown(e)) throw e;
    });
    return verdict;
  } finally {
    await observer?.stop();
  }
}

function isShutdown(e: unknown): boolean {
  return e instanceof ExitError && e.reason === "shutdown";
}

/**
 * Starts the observer when asked, on 127.0.0.1.
 *
 * @returns the observer, undefined when not asked, `"failed"` (said) when
 *   its port is taken
 */
async function openObserver(
  rt: Runtime,
  platform: Platform,
  port: number | undefined,
): Promise<Observer | undefined | "failed"> {
  if (port === undefined) return undefined;
  try {
    const observer = await startObserver(rt, { port });
    platform.print(`Observer: ${observer.url}\n`);
    return observer;
  } catch (e) {
    if (!(e instanceof PortInUseError)) throw e;
    platform.printError(`servy: the observer's port ${port} is in use\n`);
    return "failed";
  }
}
