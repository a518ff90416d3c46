/**
 * CLI test helpers: a platform that captures output, and `main.ts` run as
 * a subprocess, as a user runs it.
 *
 * @module
 */

import type { Platform } from "../../lib/sys/platform.ts";

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
