/**
 * A program with buggy processes, run by unhandled_test.ts under Deno and
 * (bundled) under Node: the host's handlers installed as main.ts installs
 * them, a runtime, and four processes whose bugs no one handles. It prints
 * "still alive" once all four were reported and a process still answers,
 * then exits 0; without the handlers the host exits 1 at the first.
 *
 * @module
 */

import process from "node:process";
import {
  logUncaught,
  Pid,
  type Self,
  startRuntime,
} from "../../lib/actor/mod.ts";
import { onUncaught as onDeno } from "../../lib/sys/deno.ts";
import { onUncaught as onNode } from "../../lib/sys/node.ts";

const BUGS = 4;
let reported = 0;
let allReported = () => {};
const all = new Promise<void>((resolve) => allReported = resolve);
const onUncaught = "Deno" in globalThis ? onDeno : onNode;
onUncaught(logUncaught({
  logger: (_level, entry) => {
    process.stderr.write(`${entry}\n`);
    if (++reported === BUGS) allReported();
  },
}));

async function* idle(self: Self): AsyncGenerator<unknown, void, unknown> {
  yield* self.receive((_m): _m is never => false);
}

const rt = startRuntime({
  logger: (_level, entry) => void process.stderr.write(`${entry}\n`),
});
try {
  rt.spawn(async function* rejects(self) {
    Promise.reject(new Error("boom"));
    yield* idle(self);
  });
  rt.spawn(async function* throwsInATimer(self) {
    setTimeout(() => {
      throw new Error("tick");
    }, 0);
    yield* idle(self);
  });
  rt.spawn(async function* leavesAHelper(self) {
    (async () => {
      await null;
      throw new Error("helper");
    })();
    yield* idle(self);
  });
  // A helper that outlives its process, then touches it.
  let open = () => {}, started = () => {};
  const gate = new Promise<void>((resolve) => open = resolve);
  const running = new Promise<void>((resolve) => started = resolve);
  const doomed = rt.spawn(async function* outlived(self) {
    (async () => {
      await gate;
      self.send(self.pid, "too late");
    })();
    started();
    yield* idle(self);
  });
  process.stderr.write(`doomed: ${doomed}\n`);
  await running;
  const down = rt.monitor(doomed);
  rt.exit(doomed, "kill");
  await down;
  open();

  await all;
  const echo = rt.spawn(async function* echo(self) {
    const from = yield* self.receive((m): m is Pid => m instanceof Pid);
    self.send(from, "pong");
  });
  const answer = await rt.run(async function* (self) {
    self.send(echo, self.pid);
    return yield* self.receive();
  });
  await new Promise((resolve) => setTimeout(resolve, 0)); // a host turn more
  process.stdout.write(`still alive: ${answer}\n`);
} finally {
  await rt[Symbol.asyncDispose]();
}
