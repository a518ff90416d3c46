// Deno type-checks this against the package's declarations: if the
// `types` condition or a .d.ts were missing, the imports would be `any` and
// the @ts-expect-error lines would be errors themselves.
import { type Pid, startRuntime } from "@servy/servy";

const rt = startRuntime();
await rt.run(async function* (self) {
  const pid: Pid = self.spawnLink(async function* (s) {
    yield* s.receive();
  });
  // @ts-expect-error: flag takes a boolean
  self.flag("trap_exit", "yes");
  // @ts-expect-error: a Pid is not a number
  const n: number = pid;
  return n;
});
await rt[Symbol.asyncDispose]();
