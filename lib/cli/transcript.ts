/**
 * What a scenario prints: iex-like prompts (`servy(3)> ...`) with the call
 * servy made and its result in Elixir notation, the server's own console
 * lines as they happen, and a closing verdict on the lesson's facts.
 *
 * Given a pace (`servy run <scenario> --observer`), it waits before each
 * step's prompt: for the learner's Enter, or `--step-ms`.
 *
 * @module
 */

import { inspectReason } from "../actor/mod.ts";
import type { Platform } from "../sys/platform.ts";

const STYLES = {
  prompt: "\x1b[1;34m",
  comment: "\x1b[2m",
  pass: "\x1b[32m",
  fail: "\x1b[1;31m",
} as const;

/** One fact of the lesson, checked. */
export interface Fact {
  readonly claim: string;
  readonly holds: boolean;
  /** What was seen, shown when the fact does not hold. */
  readonly seen?: string;
}

/** A scenario's output. */
export class Transcript {
  #n = 0;
  #held = false;
  readonly facts: Fact[] = [];

  /**
   * @param platform where the text goes, and whether it may use color
   * @param pace what to wait for before each step; none: no pauses
   */
  constructor(
    readonly platform: Platform,
    readonly pace?: () => Promise<void>,
  ) {}

  #paint(style: keyof typeof STYLES, text: string): string {
    return this.platform.color ? `${STYLES[style]}${text}\x1b[0m` : text;
  }

  /** Prints console output (the server's lines, the app's) as it comes. */
  say(text: string): void {
    this.platform.print(text);
  }

  /** Prints a comment, as the lesson annotates its iex session. */
  comment(text: string): void {
    this.platform.print(`${this.#paint("comment", `# ${text}`)}\n`);
  }

  /**
   * Waits for the pace, then prints the next prompt with the call about to
   * be made.
   *
   * @param code the call
   */
  async step(code: string): Promise<void> {
    if (!this.#held) await this.pace?.();
    this.prompt(code);
  }

  /**
   * Runs steps as one, with a pause before them but none between them:
   * for steps whose effect depends on their timing (four kills within the
   * 5 s of a restart intensity).
   *
   * @param steps the steps
   * @returns what they return
   */
  async *together<T>(
    steps: () => AsyncGenerator<unknown, T, unknown>,
  ): AsyncGenerator<unknown, T, unknown> {
    if (this.#held) return yield* steps();
    await this.pace?.();
    this.#held = true;
    try {
      return yield* steps();
    } finally {
      this.#held = false;
    }
  }

  /** Prints the next prompt, with no pause. @param code the call */
  prompt(code: string): void {
    this.#n++;
    this.platform.print(
      `${this.#paint("prompt", `servy(${this.#n})>`)} ${code}\n`,
    );
  }

  /**
   * Prints a result in Elixir notation (strings as atoms: `:kaboom`).
   *
   * @param value the value
   * @returns the value
   */
  result<T>(value: T): T {
    this.platform.print(`${inspectReason(value)}\n\n`);
    return value;
  }

  /** Prints a result as it is (`connection refused`). @param text the text */
  resultText(text: string): void {
    this.platform.print(`${text}\n\n`);
  }

  /**
   * Records a fact of the lesson.
   *
   * @param claim what the lesson says
   * @param holds whether it held in this run
   * @param seen what was seen instead
   */
  check(claim: string, holds: boolean, seen?: string): void {
    this.facts.push({ claim, holds, seen });
  }

  /**
   * Prints the verdict.
   *
   * @returns 0 when every fact held, 1 otherwise
   */
  verdict(): number {
    this.platform.print("Verdict, against the lesson:\n");
    for (const f of this.facts) {
      const mark = f.holds
        ? this.#paint("pass", "✔")
        : this.#paint("fail", "✘");
      const seen = f.holds || f.seen === undefined ? "" : ` (saw ${f.seen})`;
      this.platform.print(`  ${mark} ${f.claim}${seen}\n`);
    }
    const failed = this.facts.filter((f) => !f.holds).length;
    this.platform.print(
      failed === 0
        ? `All ${this.facts.length} facts hold.\n`
        : `${failed} of ${this.facts.length} facts do not hold.\n`,
    );
    return failed === 0 ? 0 : 1;
  }
}
