/**
 * The runtime's logger: where crash reports and GenServer reports go,
 * formatted as Elixir's console backend formats them:
 * `\n11:59:14.506 [error] Process #PID<0.99.0> raised an exception`.
 *
 * A runtime takes either a {@linkcode Logger} function, which receives each
 * entry in the default format, or a {@linkcode LoggerConfig}, which is
 * `config :logger, :console, format: ..., device: ..., level: ...,
 * metadata: [...]`:
 *
 * 1. `format` is a string of `$time`, `$date`, `$node`, `$level`,
 *    `$metadata` and `$message` between literal text; the default is
 *    Elixir's, `"\n$time $metadata[$level] $message\n"`. Any other `$name`
 *    raises `TypeError` with Elixir's message, `$foo is an invalid format
 *    pattern`, when the runtime starts.
 * 2. `device` receives each formatted entry; the default writes it to the
 *    console's error stream, byte for byte what a runtime with no logger
 *    option prints.
 * 3. `level` drops what is below it: `"warning"` drops `info`.
 * 4. `metadata` names the keys `$metadata` prints, as `key=value ` each
 *    (a pid as `<0.101.0>`); the default prints none.
 *
 * @module
 */

import type { Clock } from "./clock.ts";
import { formatException, inspect } from "./inspect.ts";
import { Pid } from "./pid.ts";

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
 * Elixir's console backend settings (`config :logger, :console, ...`).
 *
 * @example config :logger, :console, format: "[$level] $message\n", level: :warning
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { startRuntime } from "./runtime.ts";
 * const texts: string[] = [];
 * await using rt = startRuntime({
 *   logger: {
 *     format: "[$level] $message\n",
 *     level: "warning",
 *     device: (text) => texts.push(text),
 *   },
 * });
 * rt.log("info", "dropped");
 * rt.log("warning", "kept");
 * deepStrictEqual(texts, ["[warning] kept\n"]);
 * ```
 */
export interface LoggerConfig {
  /** `:format`; default {@linkcode DEFAULT_FORMAT}. */
  format?: string;
  /** `:device`: receives each formatted entry. Default: the console's error stream. */
  device?: (text: string) => void;
  /** `:level`: entries below it are dropped. Default `"info"`: none. */
  level?: Level;
  /** `:metadata`: the keys `$metadata` prints, in this order. Default none. */
  metadata?: readonly string[];
}

/** What an entry is told about where it comes from (`pid: #PID<...>`). */
export type Metadata = Readonly<Record<string, unknown>>;

/** Where the runtime sends an entry, before it is formatted. */
export type LogSink = (
  level: Level,
  message: string,
  metadata?: Metadata,
) => void;

/** Elixir 1.14's default console format. */
export const DEFAULT_FORMAT = "\n$time $metadata[$level] $message\n";

const SEVERITY: Readonly<Record<Level, number>> = {
  info: 0,
  warning: 1,
  error: 2,
};

const PATTERNS = ["time", "date", "node", "level", "metadata", "message"];

type Part = string | { readonly pattern: string };

/** Formats one entry with a compiled format. */
type Format = (
  level: Level,
  message: string,
  time: Date,
  metadata: string,
) => string;

/**
 * Compiles an Elixir console format string, as `Logger.Formatter.compile/1`.
 *
 * @param format the format, e.g. `"$time [$level] $message\n"`
 * @returns the function that fills it in
 */
function compileFormat(format: string): Format {
  const parts: Part[] = [];
  for (const piece of format.split(/(\$[a-z]*)/)) {
    if (piece === "") continue;
    if (!piece.startsWith("$")) parts.push(piece);
    else if (PATTERNS.includes(piece.slice(1))) {
      parts.push({ pattern: piece.slice(1) });
    } else {
      throw new TypeError(
        `Cannot compile the log format ${
          JSON.stringify(format)
        }: ${piece} is an invalid format pattern`,
      );
    }
  }
  return (level, message, time, metadata) => {
    let text = "";
    for (const part of parts) {
      if (typeof part === "string") text += part;
      else if (part.pattern === "time") text += clockTime(time);
      else if (part.pattern === "date") text += calendarDate(time);
      else if (part.pattern === "node") text += "nonode@nohost";
      else if (part.pattern === "level") text += level;
      else if (part.pattern === "metadata") text += metadata;
      else text += message;
    }
    return text;
  };
}

const defaultFormat = compileFormat(DEFAULT_FORMAT);

/**
 * Formats a log entry the way Elixir's default console format does, with
 * no metadata and without the final newline (the console adds it):
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
  return defaultFormat(level, message, clock.wallTime(), "").slice(0, -1);
}

/** A logger that writes each entry to the console's error stream. */
export const consoleLogger: Logger = (_level, entry): void =>
  console.error(entry);

/** The default device: `console.error` adds the newline the format ends with. */
function consoleDevice(text: string): void {
  console.error(text.endsWith("\n") ? text.slice(0, -1) : text);
}

/**
 * The runtime's sink for its `logger` option.
 *
 * @param clock where the time stamps come from
 * @param logger a function given the entry in the default format, or the
 *   console backend's settings; default: the console's error stream
 * @returns the sink; throws `TypeError` for an invalid format
 */
export function logSink(
  clock: Clock,
  logger: Logger | LoggerConfig | undefined,
): LogSink {
  if (typeof logger === "function") {
    return (level, message) =>
      logger(level, formatEntry(clock, level, message));
  }
  const config = logger ?? {};
  const format = config.format === undefined
    ? defaultFormat
    : compileFormat(config.format);
  const device = config.device ?? consoleDevice;
  const threshold = SEVERITY[config.level ?? "info"];
  const keys = config.metadata ?? [];
  return (level, message, metadata) => {
    if (SEVERITY[level] < threshold) return;
    const meta = metadata === undefined ? "" : formatMetadata(keys, metadata);
    device(format(level, message, clock.wallTime(), meta));
  };
}

/** `$metadata`: `key=value ` for each configured key the entry has. */
function formatMetadata(keys: readonly string[], metadata: Metadata): string {
  let text = "";
  for (const key of keys) {
    const value = metadata[key];
    if (value === undefined) continue;
    const shown = typeof value === "string"
      ? value
      : value instanceof Pid
      ? `<0.${value.id}.0>`
      : inspect(value);
    text += `${key}=${shown} `;
  }
  return text;
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

function clockTime(t: Date): string {
  return `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}.${
    String(t.getMilliseconds()).padStart(3, "0")
  }`;
}

function calendarDate(t: Date): string {
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}`;
}

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
