/**
 * The pace of `servy run <scenario> --observer`: before each step of the
 * transcript it waits for the learner's Enter, or `--step-ms N`, so that
 * each step can be watched in the observer.
 *
 * With no terminal on standard input (a pipe, `/dev/null`) nobody can press
 * Enter, and with input closed (Ctrl-D) nobody will: it says so once and
 * goes on without pauses. Ctrl-C (or SIGTERM) stops the run: a pause (the
 * one under way, or the next) ends the shell with `:shutdown`.
 *
 * @module
 */

import { ExitError } from "../actor/mod.ts";
import { type CancelTimer, startTimer } from "../sys/host_timers.ts";
import type { LineInput, Platform } from "../sys/platform.ts";

/** The longest `--step-ms`: a minute per step. */
export const MAX_STEP_MS = 60_000;

/** How a run is paced. */
export interface PaceOptions {
  /** Wait this long before each step instead of for Enter. */
  stepMs?: number;
}

/** Pauses between a scenario's steps; dispose it to stop listening. */
export class Pacer {
  #input: LineInput | undefined;
  #stepMs: number | undefined;
  #signal: string | undefined;
  #signalled: Promise<void>;
  #stopListening: () => void;
  #cancelTimer: CancelTimer | undefined;

  /**
   * Starts listening for Ctrl-C.
   *
   * @param platform input, output, signals
   * @param options `stepMs`, else the learner's Enter
   */
  constructor(readonly platform: Platform, options: PaceOptions) {
    this.#stepMs = options.stepMs;
    let signalled = () => {};
    this.#signalled = new Promise<void>((r) => (signalled = r));
    this.#stopListening = platform.onShutdown((name) => {
      this.#signal ??= name;
      signalled();
    });
    const input = platform.stdin;
    if (this.#stepMs === undefined && input?.isTerminal) this.#input = input;
  }

  /** Says how the steps are paced, once, before the first. */
  announce(): void {
    this.platform.print(
      this.#stepMs !== undefined
        ? `Each step waits ${this.#stepMs} ms; Ctrl-C stops.\n`
        : this.#input !== undefined
        ? "Each step waits for Enter; Ctrl-C stops.\n"
        : "Standard input is not a terminal: the steps run without pauses.\n",
    );
  }

  /** The signal that stopped the run, if one did. */
  get signal(): string | undefined {
    return this.#signal;
  }

  /**
   * Waits before the next step.
   *
   * @param hint what the learner is told while it waits for Enter
   * @throws {ExitError} `:shutdown` once Ctrl-C was pressed
   */
  async pause(hint = "Enter: next step"): Promise<void> {
    this.#stopped();
    if (this.#stepMs !== undefined) {
      await Promise.race([this.#delay(this.#stepMs), this.#signalled]);
      this.#cancelTimer?.();
    } else if (this.#input !== undefined) {
      const text = `⏸  ${hint}`;
      this.platform.print(
        `${this.platform.color ? `\x1b[2m${text}\x1b[0m` : text}\n`,
      );
      const line = await Promise.race([
        this.#input.readLine(),
        this.#signalled.then(() => ""),
      ]);
      if (line === undefined) {
        this.#input = undefined;
        this.platform.print(
          "Standard input is closed: the steps run without pauses.\n",
        );
      }
    }
    this.#stopped();
  }

  #stopped(): void {
    if (this.#signal !== undefined) throw new ExitError("shutdown");
  }

  #delay(ms: number): Promise<void> {
    return new Promise((r) => (this.#cancelTimer = startTimer(ms, r)));
  }

  /** Stops listening for Ctrl-C and stops reading standard input. */
  [Symbol.dispose](): void {
    this.#cancelTimer?.();
    this.#stopListening();
    this.#input?.close();
  }
}
