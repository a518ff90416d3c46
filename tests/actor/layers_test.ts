/**
 * The actor core's layers, as OTP layers gen_server on proc_lib on the
 * runtime: the process record (proc.ts) and the modules that keep it (links,
 * monitors, names, the scheduler) import nothing above them; GenServer,
 * Supervisor and Task sit on top and import the core, never the reverse;
 * no import cycle anywhere in lib/actor, type-only imports included.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import type { Self } from "../../lib/actor/mod.ts";

const DIR = new URL("../../lib/actor/", import.meta.url);

/** Each module's imports of sibling modules (comments, with examples, left out). */
function graph(): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(new URL(file, DIR), "utf8")
      .replace(/\/\*[^]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    const deps = new Set<string>();
    for (const m of text.matchAll(/\bfrom\s+"\.\/([a-z_]+\.ts)"/g)) {
      deps.add(m[1]);
    }
    for (const m of text.matchAll(/\bmodule\s+"\.\/([a-z_]+\.ts)"/g)) {
      deps.add(m[1]); // a `declare module` augmentation depends on its target
    }
    g.set(file, deps);
  }
  return g;
}

/** @returns a cycle through `g`, or undefined */
function cycle(g: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === "done") return undefined;
    if (state.get(f) === "open") return [...path.slice(path.indexOf(f)), f];
    state.set(f, "open");
    path.push(f);
    for (const d of g.get(f) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    state.set(f, "done");
    return undefined;
  };
  for (const f of g.keys()) {
    const found = visit(f);
    if (found) return found;
  }
  return undefined;
}

/** @returns every module `file` reaches through its imports */
function reach(g: Map<string, Set<string>>, file: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(g.get(file) ?? [])];
  for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(g.get(f) ?? []));
  }
  return seen;
}

Deno.test("lib/actor has no import cycle, type-only imports included", () => {
  const g = graph();
  assert.ok(g.size > 30, "the modules were read");
  assert.equal(cycle(g)?.join(" -> "), undefined);
});

Deno.test("the core (the process record, links, monitors, names, the scheduler, the runtime) never reaches GenServer, Supervisor or Task", () => {
  const g = graph();
  const top =
    /^(gen_server|supervisor|task|call_handlers|current|process_verbs)/;
  for (
    const core of [
      "proc.ts",
      "link.ts",
      "monitor.ts",
      "registry.ts",
      "scheduler.ts",
      "info.ts",
      "process.ts",
      "runtime.ts",
    ]
  ) {
    const above = [...reach(g, core)].filter((f) => top.test(f));
    assert.deepEqual(above, [], `${core} reaches ${above.join(", ")}`);
  }
});

Deno.test("the process record is the core's: proc.ts imports no module that uses it", () => {
  const reached = reach(graph(), "proc.ts");
  for (const user of ["process.ts", "runtime.ts", "link.ts", "monitor.ts"]) {
    assert.equal(reached.has(user), false, user);
  }
});

Deno.test("Self is the verbs a body uses: the record's fields are not part of it", () => {
  const onlyTypes = (self: Self) => {
    // @ts-expect-error: the runtime is not reachable from a body
    self.rt;
    // @ts-expect-error: nor the mailbox
    self.mailbox;
    // @ts-expect-error: nor the links
    self.links;
    return [self.pid, self.send, self.receive, self.spawn];
  };
  assert.equal(typeof onlyTypes, "function");
});
