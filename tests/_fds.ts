/**
 * File descriptors and TCP states as Linux shows them in `/proc`, for leak
 * tests. Deno asks `--allow-all` of any read under `/proc`, so a child
 * process (`ls`, `cat`: `--allow-run`) reads them for us.
 *
 * @module
 */

const decoder = new TextDecoder();

function run(command: string, args: string[]): string {
  const out = new Deno.Command(command, { args, stderr: "null" }).outputSync();
  return decoder.decode(out.stdout);
}

/** @returns how many file descriptors a process has open (this one by default) */
export function openFds(pid = Deno.pid): number {
  return run("ls", [`/proc/${pid}/fd`]).split("\n").filter((l) => l !== "")
    .length;
}

/** TCP states as `/proc/net/tcp` codes them. */
const STATES = { ESTABLISHED: "01", CLOSE_WAIT: "08" } as const;

/**
 * @param port a local port
 * @param state the state
 * @returns how many sockets bound to `port` locally are in `state`
 */
export function socketsIn(port: number, state: keyof typeof STATES): number {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const text = run("cat", ["/proc/net/tcp", "/proc/net/tcp6"]);
  return text.split("\n").filter((line) => {
    const [, local, , st] = line.trim().split(/\s+/);
    return local?.endsWith(hex) && st === STATES[state];
  }).length;
}
