/**
 * The runtime's logger: where crash reports and GenServer reports go,
 * formatted as Elixir's console backend formats them:
 * `\n11:59:14.506 [error] Process #PID<0.99.0> raised an exception`.
 *
 * @module
 */

import type { Clock } from "./clock.ts";

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
