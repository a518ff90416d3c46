/**
 * The runtime's logger: where crash reports and GenServer reports go,
 * formatted as Elixir's console backend formats them:
 * `\n11:59:14.506 [error] Process #PID<0.99.0> raised an exception`.
 *
 * @module
 */

import type { Clock } from "./clock.ts";
import { formatException } from "./inspect.ts";
import type { Pid } from "./pid.ts";

/**
 * Where an error no one handled surfaced: a promise rejected with no
 * handler, or an exception thrown out of a callback (a timer, an event).
 */
export type Uncaught = "rejection" | "exception";

/** A log level, as Elixir's Logger names them. */
export type Level = "error" | "warning" | "info";

/** Receives one formatted log entry (a leading blank line, then the entry). */
export type Logger = (level: Level, entry: string) => void;

/**
 * Formats a log entry the way Elixir's default console format does:
 * `"\n$time [$level] $message"`.
 *
 * @param clock where the time comes from
 * @param level the level
 * @param message the message, possibly several lines
 * @returns the entry
 */
export function formatEntry(
  clock: Clock,
  level: Level,
  message: string,
): string {
  const t = clock.wallTime();
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(t.getHours())}:${two(t.getMinutes())}:${
    two(t.getSeconds())
  }.${String(t.getMilliseconds()).padStart(3, "0")}`;
  return `\n${time} [${level}] ${message}`;
}

/** A logger that writes each entry to the console's error stream. */
export const consoleLogger: Logger = (_level, entry) => console.error(entry);

/**
 * A logger that keeps entries in memory, for tests.
 *
 * @returns the logger and the entries it has received
 */
export function memoryLogger(): { logger: Logger; entries: string[] } {
  const entries: string[] = [];
  return { logger: (_level, entry) => entries.push(entry), entries };
}

/**
 * The report of an error no one handled: as Elixir reports a crashed
 * process when `pid` is known (`Process #PID<0.101.0> raised an exception`),
 * and otherwise as an error outside any process.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatUncaught } from "./logger.ts";
 * const boom = Object.assign(new Error("boom"), { stack: "" });
 * strictEqual(
 *   formatUncaught(boom, "rejection"),
 *   "Unhandled rejection outside any process\n** (RuntimeError) boom",
 * );
 * ```
 * @param error what was thrown or rejected with
 * @param origin how it surfaced
 * @param pid the process whose code raised it, when known
 * @returns the message, to log at level error
 */
export function formatUncaught(
  error: unknown,
  origin: Uncaught,
  pid?: Pid,
): string {
  const head = pid !== undefined
    ? `Process ${pid} raised an exception`
    : origin === "rejection"
    ? "Unhandled rejection outside any process"
    : "Uncaught exception outside any process";
  return `${head}\n${formatException(error)}`;
}
