/**
 * How many files this process may open: the soft `RLIMIT_NOFILE`, what
 * `ulimit -n` shows. Neither Deno nor Node has `getrlimit`, so the limit
 * is read where each host lets it be read, in this order:
 *
 * 1. Linux, `/proc/self/limits` ("Max open files", soft column): read
 *    with `node:fs` on Node; on Deno, which asks `--allow-all` of any
 *    file-system call under `/proc`, imported as text, which
 *    `--allow-read` allows.
 * 2. Elsewhere (macOS...): `sh -c 'ulimit -n'`; on Deno only with the
 *    `run` permission already granted.
 * 3. Otherwise (Windows, no permission): unknown.
 *
 * A permission that is not granted is never asked for (no prompt).
 * `node:fs` and `node:child_process` are imported only when they are
 * used (on Node, or off Linux): on Deno they would cost start-up
 * ~30 ms of Node-compat modules.
 *
 * @module
 */

const LIMITS = "/proc/self/limits";

/**
 * The soft limit on open files of this process.
 *
 * @returns the limit, `Infinity` when unlimited, `undefined` when unknown
 */
export async function fileDescriptorLimit(): Promise<number | undefined> {
  return parseLimits(await procLimits() ?? "") ?? await askShell();
}

/**
 * The soft "Max open files" of a `/proc/<pid>/limits` text.
 *
 * @example The soft column
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLimits } from "./fd_limit.ts";
 * const text =
 *   "Limit                     Soft Limit           Hard Limit           Units     \n" +
 *   "Max open files            1024                 524288               files     \n";
 * assert.equal(parseLimits(text), 1024);
 * ```
 * @param text the file's text
 * @returns the soft limit, `Infinity` for `unlimited`, `undefined` if absent
 */
export function parseLimits(text: string): number | undefined {
  const line = /^Max open files +(\S+) +\S+ +files/m.exec(text);
  return line === null ? undefined : parseLimit(line[1]);
}

function parseLimit(word: string): number | undefined {
  if (word === "unlimited") return Infinity;
  const n = Number(word);
  return /^\d+$/.test(word) && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

async function procLimits(): Promise<string | undefined> {
  if (!("Deno" in globalThis)) {
    try {
      const { readFileSync } = await import("node:fs");
      return readFileSync(LIMITS, "utf8");
    } catch {
      return undefined; // not Linux
    }
  }
  if (!granted({ name: "read", path: LIMITS })) return undefined;
  try {
    // Not a literal, so that no bundler or `deno compile` embeds the
    // build machine's file.
    const url = `file://${LIMITS}`;
    const limits: { default: string } = await import(url, {
      with: { type: "text" },
    });
    return limits.default;
  } catch {
    return undefined;
  }
}

async function askShell(): Promise<number | undefined> {
  if ("Deno" in globalThis && !granted({ name: "run", command: "sh" })) {
    return undefined;
  }
  try {
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync("sh", ["-c", "ulimit -n"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 2000,
    });
    return parseLimit(out.trim());
  } catch {
    return undefined; // no shell (Windows)
  }
}

function granted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}
