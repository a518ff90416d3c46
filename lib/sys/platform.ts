/**
 * The platform layer's contract: everything servy needs from its host
 * (output, listening sockets), so that the core stays plain TypeScript and
 * a second host can be added without touching it. Each host also has
 * `onUncaught`, which keeps the program running when a promise is rejected
 * with no handler or a callback throws: by default Deno and Node print the
 * error and exit 1, so one process's bug would end every process.
 *
 * @module
 */

/**
 * Where an error no one handled surfaced: a promise rejected with no
 * handler, or an exception thrown out of a callback (a timer, an event).
 */
export type UncaughtOrigin = "rejection" | "exception";

/** Told of each error no one handled; when it returns, the host goes on. */
export type UncaughtHandler = (error: unknown, origin: UncaughtOrigin) => void;

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
