/**
 * The platform layer's contract: everything servy needs from its host
 * (output, input line by line, listening sockets), so that the core stays plain TypeScript and
 * a second host can be added without touching it. Each host also has
 * `onUncaught`, which keeps the program running when a promise is rejected
 * with no handler or a callback throws: by default Deno and Node print the
 * error and exit 1, so one process's bug would end every process.
 *
 * @module
 */

import type { OutputDevice } from "../http/log_buffer.ts";

export type { OutputDevice };

/**
 * Where an error no one handled surfaced: a promise rejected with no
 * handler, or an exception thrown out of a callback (a timer, an event).
 */
export type UncaughtOrigin = "rejection" | "exception";

/** Told of each error no one handled; when it returns, the host goes on. */
export type UncaughtHandler = (error: unknown, origin: UncaughtOrigin) => void;

/**
 * Standard input, line by line (lib/sys/lines.ts), for a command that
 * waits for the user's Enter.
 */
export interface LineInput {
  /** Whether standard input is a terminal, where someone can press Enter. */
  readonly isTerminal: boolean;
  /**
   * Reads the next line.
   *
   * @returns it, without its `\n` or `\r\n`; `undefined` at end of input
   *   or once closed
   */
  readLine(): Promise<string | undefined>;
  /**
   * Stops reading: a pending `readLine` gives `undefined`, and the host no
   * longer waits on standard input to exit (a pending read of Deno's stdin
   * keeps the program running).
   */
  close(): void;
}

/** What the CLI needs from its host. */
export interface Platform {
  /** Writes text to standard output. */
  print(text: string): void;
  /** Writes text to standard error. */
  printError(text: string): void;
  /** Whether colors may be used (a TTY without NO_COLOR). */
  readonly color: boolean;
  /**
   * Calls `handler` when the user asks the program to stop (SIGINT, i.e.
   * Ctrl-C, or SIGTERM).
   *
   * @returns a function that stops listening
   */
  onShutdown(handler: (signal: string) => void): () => void;
  /**
   * Standard output as a device, for writers that batch their lines and
   * write them without blocking (lib/http/log_buffer.ts).
   */
  readonly stdout?: OutputDevice;
  /** Standard input, line by line; absent where there is none to read. */
  readonly stdin?: LineInput;
  /**
   * Calls `handler` as the program exits, synchronously: on a normal end,
   * on `exit()`, and on an uncaught error or rejection (before the host
   * prints it and exits; also when `onUncaught` then keeps it running).
   *
   * @returns a function that stops listening
   */
  onExit?(handler: () => void): () => void;
}

/**
 * Tells `handler` of an error no one handled. A throw from the handler
 * would be one more uncaught error, on which the host exits (Deno inside
 * its error event, Node with code 7): both errors are printed plainly
 * instead.
 *
 * @param handler the installed handler
 * @param error what was thrown or rejected with
 * @param origin how it surfaced
 * @param printError where to print if the handler fails
 */
export function reportUncaught(
  handler: UncaughtHandler,
  error: unknown,
  origin: UncaughtOrigin,
  printError: (text: string) => void,
): void {
  try {
    handler(error, origin);
  } catch (failure) {
    printError(`${String(error)}\n${String(failure)}\n`);
  }
}
