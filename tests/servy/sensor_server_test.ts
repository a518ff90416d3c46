import assert from "node:assert/strict";
import { ManualClock, type Pid } from "../../lib/actor/mod.ts";
import {
  getSensorData,
  type SensorData,
  start,
} from "../../lib/servy/sensor_server.ts";
import { testRuntime } from "../_support.ts";

/** Lets the runtime's processes run what is due (no time passes). */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A SensorServer on the manual clock; snapshot numbers count up by round. */
function sensors() {
  const clock = new ManualClock();
  const rt = testRuntime(clock);
  const lines: string[] = [];
  let n = 0;
  const server = new Promise<Pid>((resolve) => {
    rt.spawn(async function* (self) {
      const started = yield* start(self, {
        snapshotMs: 1000,
        locationMs: 500,
        refreshMs: 5000,
        random: () => ++n,
        console: (line) => void lines.push(line),
      });
      if (started === "ignore" || started.type !== "ok") throw started;
      resolve(started.pid);
      yield* self.receive((_m): _m is never => false);
    });
  });
  /** A get_sensor_data call from a new process, as a promise. */
  const call = () =>
    rt.run(async function* (self) {
      return yield* getSensorData(self);
    });
  return Object.assign(rt, { clock, lines, server, call });
}

Deno.test("SensorServer.init: runs one task per lookup and Task.awaits them (the course's blocking init)", async () => {
  await using rt = sensors();
  await settle();
  assert.deepEqual(rt.lines, ["Running tasks to get sensor data...\n"]);
  rt.clock.advance(999);
  await settle();
  let started = false;
  rt.server.then(() => (started = true));
  await settle();
  assert.equal(started, false); // init still waits for the snapshots
  rt.clock.advance(1);
  await rt.server;
  const data: SensorData = await rt.call();
  assert.deepEqual(data, {
    snapshots: [
      "cam-1-snapshot-1.jpg",
      "cam-2-snapshot-2.jpg",
      "cam-3-snapshot-3.jpg",
    ],
    location: { lat: "29.0469 N", lng: "98.8667 W" },
  });
});

Deno.test("SensorServer: handle_info(:refresh) refreshes the cache every 5 s; a get_sensor_data during a refresh waits for it and gets the new data", async () => {
  await using rt = sensors();
  await settle();
  rt.clock.advance(1000);
  await rt.server;
  rt.clock.advance(5000); // :refresh: a new round of lookups starts
  await settle();
  assert.deepEqual(rt.lines, [
    "Running tasks to get sensor data...\n",
    "Refreshing the cache...\n",
    "Running tasks to get sensor data...\n",
  ]);
  let answered: SensorData | undefined;
  const during = rt.call().then((d) => (answered = d));
  await settle();
  rt.clock.advance(999);
  await settle();
  assert.equal(answered, undefined); // the server is still refreshing
  rt.clock.advance(1);
  const data = await during;
  assert.deepEqual(data.snapshots, [
    "cam-1-snapshot-4.jpg",
    "cam-2-snapshot-5.jpg",
    "cam-3-snapshot-6.jpg",
  ]);
  const server = await rt.server;
  assert.equal(rt.alive(server), true);
});
