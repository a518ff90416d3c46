/**
 * CLI test helpers: a platform that captures output, and `main.ts` run as
 * a subprocess, as a user runs it.
 *
 * @module
 */

import type { LineInput, Platform } from "../../lib/sys/platform.ts";

/** A platform that keeps what is printed; `signal()` fires a shutdown. */
export function capture(color = false) {
  const handlers = new Set<(signal: string) => void>();
  const p = {
    out: "",
    err: "",
    color,
    print: (t: string) => void (p.out += t),
    printError: (t: string) => void (p.err += t),
    onShutdown: (h: (signal: string) => void) => {
      handlers.add(h);
      return () => void handlers.delete(h);
    },
    signal: (name: string) => handlers.forEach((h) => h(name)),
  } satisfies Platform & Record<string, unknown>;
  return p;
}

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

/** `deno run main.ts ...args`, from the repository's root. */
export function servy(args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", MAIN, ...args],
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Runs `servy` to its end. @returns exit code and output */
export async function servyOutput(
  args: string[],
  env: Record<string, string> = {},
) {
  const { code, stdout, stderr } = await servy(args, env).output();
  const decoder = new TextDecoder();
  return {
    code,
    out: decoder.decode(stdout),
    err: decoder.decode(stderr),
  };
}

/**
 * Standard input that a test types into, for a platform's `stdin`:
 * `type(line)` answers the next read, `end()` ends the input, and
 * `asked(n)` resolves once `n` reads were asked for.
 */
export function typedInput(isTerminal = true) {
  const typed: (string | undefined)[] = [];
  const reads: ((line: string | undefined) => void)[] = [];
  const askers: { n: number; resolve: () => void }[] = [];
  let ended = false;
  const input = {
    isTerminal,
    count: 0,
    closed: false,
    readLine(): Promise<string | undefined> {
      input.count++;
      for (const a of askers.filter((a) => a.n <= input.count)) {
        askers.splice(askers.indexOf(a), 1);
        a.resolve();
      }
      if (input.closed) return Promise.resolve(undefined);
      if (typed.length > 0) return Promise.resolve(typed.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((r) => reads.push(r));
    },
    close(): void {
      input.closed = true;
      for (const r of reads.splice(0)) r(undefined);
    },
    /** Answers the next read with `line` (or keeps it for the next). */
    type(line: string): void {
      const r = reads.shift();
      if (r === undefined) typed.push(line);
      else r(line);
    },
    /** Ends the input: reads give `undefined`. */
    end(): void {
      ended = true;
      for (const r of reads.splice(0)) r(undefined);
    },
    /** Resolves once `n` reads were asked for. */
    asked(n: number): Promise<void> {
      if (input.count >= n) return Promise.resolve();
      return new Promise((resolve) => askers.push({ n, resolve }));
    },
  } satisfies LineInput & Record<string, unknown>;
  return input;
}
