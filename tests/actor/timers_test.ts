import assert from "node:assert/strict";
import { ManualClock } from "../../lib/actor/mod.ts";
import { Timers } from "../../lib/actor/timers.ts";
import { afterTurn } from "../../lib/sys/host_timers.ts";

/** A manual clock that counts the host timers armed and disarmed. */
class CountingClock extends ManualClock {
  armed = 0;
  disarmed = 0;

  override setTimer(ms: number, fire: () => void): number {
    this.armed++;
    return super.setTimer(ms, fire);
  }

  override clearTimer(handle: unknown): void {
    this.disarmed++;
    super.clearTimer(handle);
  }
}

const hostTurn = () => new Promise<void>((done) => afterTurn(done));

Deno.test("timers: once every started timer is cancelled, the host timer is stopped after a turn of the host's loop", async () => {
  const clock = new CountingClock();
  const timers = new Timers(clock);
  const a = timers.schedule(5_000, () => assert.fail("cancelled"));
  const b = timers.schedule(6_000, () => assert.fail("cancelled"));
  assert.equal(clock.armed, 1);
  timers.cancel(a);
  await hostTurn();
  assert.equal(clock.disarmed, 0, "b is still pending");
  timers.cancel(b);
  assert.equal(clock.disarmed, 0, "not at once: a call may start one now");
  await hostTurn();
  assert.equal(clock.disarmed, 1);
  assert.equal(timers.size, 0);
  clock.advance(10_000); // nothing left to fire
  const c = timers.schedule(10, () => {});
  assert.equal(clock.armed, 2, "a new timer arms the host timer anew");
  timers.cancel(c);
});

Deno.test("timers: a timer started before that turn keeps the host timer as it is, and fires", async () => {
  const clock = new CountingClock();
  const timers = new Timers(clock);
  const fired: string[] = [];
  timers.cancel(timers.schedule(5_000, () => fired.push("cancelled")));
  timers.schedule(5_000, () => fired.push("next call's"));
  await hostTurn();
  assert.deepEqual([clock.armed, clock.disarmed], [1, 0]);
  clock.advance(5_000);
  assert.deepEqual(fired, ["next call's"]);
});

Deno.test("a script's runtime lets the host exit once a GenServer.call answered after a wait has returned, not when its timeout would have fired", async () => {
  const mod = new URL("../../lib/actor/mod.ts", import.meta.url).href;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { GenServer, startRuntime } from ${JSON.stringify(mod)};
      const rt = startRuntime();
      const Slow = {
        init: () => ({ type: "ok", state: 0 }),
        *handleCall(_req, _from, state, self) {
          yield* self.sleep(20); // answered after a wait
          return { type: "reply", reply: "done", state };
        },
      };
      console.log(await rt.run(async function* (self) {
        const { pid } = yield* GenServer.start(self, Slow, undefined);
        return yield* GenServer.call(self, pid, "go", { timeout: 60_000 });
      }));`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const held = new Promise<"held">((done) => {
    timer = setTimeout(() => done("held"), 15_000);
  });
  const ended = await Promise.race([child.output(), held]);
  clearTimeout(timer);
  if (ended === "held") {
    child.kill("SIGKILL");
    await child.output();
    assert.fail("the host process was still alive 15 s after the call");
  }
  const decoder = new TextDecoder();
  assert.equal(decoder.decode(ended.stderr), "");
  assert.equal(decoder.decode(ended.stdout), "done\n");
  assert.equal(ended.code, 0);
});
