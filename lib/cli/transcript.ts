/**
 * What a scenario prints: iex-like prompts (`servy(3)> ...`) with the call
 * servy made and its result in Elixir notation, the server's own console
 * lines as they happen, and a closing verdict on the lesson's facts.
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
  readonly facts: Fact[] = [];

  /** @param platform where the text goes, and whether it may use color */
  constructor(readonly platform: Platform) {}

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

  /** Prints the next prompt with the call about to be made. @param code the call */
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
