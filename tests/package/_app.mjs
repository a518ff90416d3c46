// The scratch project's program, run by Node and by Deno against the built
// package: spawns a linked process, traps its exit, runs a GenServer call.
// Prints one JSON line.
import { GenServer, inspect, ok, reply, startRuntime } from "@servy/servy";
import { request } from "@servy/servy/http";
import { KickStarter } from "@servy/servy/servy";

/** Counts calls: `"next"` replies with the count after this one. */
const Counter = {
  name: "Counter",
  init: (start) => ok(start),
  handleCall: (_request, _from, count) => reply(count + 1, count + 1),
};

const rt = startRuntime();
try {
  const result = await rt.run(async function* (self) {
    self.flag("trap_exit", true);
    const child = self.spawnLink(async function* (s) {
      yield* s.receive();
    });
    self.exit(child, "kaboom");
    const exit = yield* self.receive();
    const started = yield* GenServer.start(Counter, 41);
    const answer = yield* GenServer.call(started.pid, "next");
    return {
      exit: inspect(exit),
      fromChild: exit.from === child,
      answer,
    };
  });
  console.log(JSON.stringify({
    ...result,
    http: typeof request,
    kickStarter: typeof KickStarter.start,
  }));
} finally {
  await rt[Symbol.asyncDispose]();
}
