/**
 * Helpers for the binaries' tests: running a servy command to its end, and
 * a `servy serve` in the background, from a given directory.
 *
 * @module
 */

const decoder = new TextDecoder();

/** A servy to run: the program and the arguments before servy's own. */
export interface Servy {
  program: string;
  prefix: string[];
  cwd: string;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/** servy as `deno run main.ts`, with Deno's `flags` before the script. */
export function denoRun(flags: string[] = []): Servy {
  return {
    program: Deno.execPath(),
    prefix: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      ...flags,
      `${ROOT}main.ts`,
    ],
    cwd: ROOT,
  };
}

/** Runs a servy command to its end. @returns exit code and output */
export async function run(servy: Servy, args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(servy.program, {
    args: [...servy.prefix, ...args],
    cwd: servy.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
}

/** Starts `servy serve --port port` and waits until it serves. */
export async function serve(servy: Servy, port: number) {
  const child = new Deno.Command(servy.program, {
    args: [...servy.prefix, "serve", "--port", String(port)],
    cwd: servy.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  const reading = (async () => {
    for await (const chunk of child.stdout) out += decoder.decode(chunk);
  })();
  const errors = new Response(child.stderr).text();
  for (let i = 0; i < 1000 && !out.includes("Press Ctrl-C"); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    /** Sends SIGTERM. @returns the exit code and all output */
    async stop() {
      child.kill("SIGTERM");
      const { code } = await child.status;
      await reading;
      return { code, out, err: await errors };
    },
  };
}
