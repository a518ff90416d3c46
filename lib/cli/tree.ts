/**
 * The live supervision tree, drawn: each supervisor's children in start
 * order with their pids, registered names, restart counts and mailbox
 * lengths; a worker's other linked processes (KickStarter's HttpServer)
 * hang under it.
 *
 * @module
 */

import { type Pid, Port, type Self, Supervisor } from "../actor/mod.ts";

/**
 * Draws the tree under a supervisor.
 *
 * @param self the calling process
 * @param root the root supervisor's pid or name
 * @returns the drawing, one process a line
 */
export async function* drawTree(
  self: Self,
  root: Pid | string,
): AsyncGenerator<unknown, string, unknown> {
  const pid = typeof root === "string" ? self.whereis(root) : root;
  if (pid === undefined) return `${root} is not running\n`;
  const lines = [`${describe(self, pid, "supervisor")}`];
  yield* branch(self, pid, "", lines);
  return lines.join("\n") + "\n";
}

async function* branch(
  self: Self,
  sup: Pid,
  indent: string,
  lines: string[],
): AsyncGenerator<unknown, void, unknown> {
  const children = (yield* Supervisor.whichChildren(self, sup)).reverse();
  const restarts = (yield* Supervisor.restartCounts(self, sup)).reverse();
  for (const [i, c] of children.entries()) {
    const last = i === children.length - 1;
    const head = `${indent}${last ? "└── " : "├── "}`;
    const next = `${indent}${last ? "    " : "│   "}`;
    if (c.child === "undefined") {
      lines.push(`${head}${c.id} (not running), restarts ${restarts[i]}`);
      continue;
    }
    lines.push(
      `${head}${describe(self, c.child, c.type)}, restarts ${restarts[i]}`,
    );
    if (c.type === "supervisor") {
      yield* branch(self, c.child, next, lines);
      continue;
    }
    const linked = (self.info(c.child, "links") ?? []).filter((l): l is Pid =>
      !(l instanceof Port) && l !== sup
    );
    for (const [k, l] of linked.entries()) {
      const end = k === linked.length - 1;
      lines.push(
        `${next}${end ? "└── " : "├── "}${describe(self, l, "linked")}`,
      );
    }
  }
}

function describe(self: Self, pid: Pid, kind: string): string {
  const name = self.info(pid, "registered_name");
  const mailbox = self.info(pid, "message_queue_len") ?? 0;
  const ports = (self.info(pid, "links") ?? []).filter((l) =>
    l instanceof Port
  );
  const owns = ports.length > 0 ? `, owns ${ports.join(", ")}` : "";
  const label = typeof name === "string" ? `${name} ` : "";
  return `${label}${pid} ${kind}, mailbox ${mailbox}${owns}`;
}
