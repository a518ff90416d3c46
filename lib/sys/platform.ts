/**
 * The platform layer's contract: everything servy needs from its host
 * (output, listening sockets), so that the core stays plain TypeScript and
 * a second host can be added without touching it.
 *
 * @module
 */

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
