/**
 * `Servy.SensorServer`: a GenServer registered as `:sensor_server` that
 * caches the sensors' data and refreshes it on a timer, as the course
 * writes it:
 *
 * 1. `init` runs the lookups, one `Task.async` per camera and one for
 *    bigfoot's location, and `Task.await`s them (`Running tasks to get
 *    sensor data...`), then schedules `:refresh`.
 * 2. `handle_info(:refresh)` does the same (`Refreshing the cache...`) and
 *    schedules the next one (`Process.send_after`, course: every 5 s).
 * 3. `get_sensor_data` is a plain call that answers from the cache; while a
 *    refresh runs, it waits for that refresh, as in Elixir.
 *
 * @module
 */

import {
  type ChildSpec,
  GenServer,
  type GenServerModule,
  type OnStart,
  type Receive,
  type Self,
  Supervisor,
} from "../actor/mod.ts";
import * as Task from "../actor/task.ts";
import type { Console } from "./plugins.ts";
import {
  COURSE_APIS,
  getLocation,
  getSnapshot,
  type Location,
  type SensorApis,
} from "./video_cam.ts";

/** The registered name. */
export const NAME = "sensor_server";

/** What `get_sensor_data` returns. */
export interface SensorData {
  /** The cameras' snapshot file names. */
  snapshots: string[];
  /** Where Bigfoot was last seen, if anywhere. */
  location: Location | undefined;
}

/** Options of {@linkcode start}. */
export interface SensorServerOptions extends Partial<SensorApis> {
  /** Between refreshes, in ms (course: 5,000). */
  refreshMs?: number;
  /** Where the server prints the course's lines. */
  console?: Console;
}

type Settings = SensorApis & { refreshMs: number; console?: Console };

interface State {
  settings: Settings;
  data: SensorData;
}

const CAMERAS = ["cam-1", "cam-2", "cam-3"];

/**
 * Starts the server, registered as `sensor_server`.
 *
 * @param self the caller
 * @param options refresh interval, lookup delays, randomness
 * @returns the receive that gives the start result
 */
export function start(
  self: Self,
  options: SensorServerOptions = {},
): Receive<OnStart> {
  return GenServer.start(self, SensorServer, options, { name: NAME });
}

/** `get_sensor_data/0`. @param self the caller @returns the cached data */
export function getSensorData(self: Self): Receive<SensorData> {
  return GenServer.call<"get_sensor_data", SensorData>(
    self,
    NAME,
    "get_sensor_data",
  );
}

/** The callbacks. */
export const SensorServer: GenServerModule<SensorServerOptions, State> = {
  name: "Servy.SensorServer",
  *init(options, self) {
    const settings = { refreshMs: 5000, ...COURSE_APIS, ...options };
    const data = yield* runTasksToGetSensorData(self, settings);
    scheduleRefresh(self, settings);
    return { type: "ok", state: { settings, data } };
  },
  handleCall: (_request, _from, state) => ({
    type: "reply",
    reply: state.data,
    state,
  }),
  *handleInfo(msg, state, self) {
    if (msg !== "refresh") return { type: "noreply", state };
    state.settings.console?.("Refreshing the cache...\n");
    const data = yield* runTasksToGetSensorData(self, state.settings);
    scheduleRefresh(self, state.settings);
    return { type: "noreply", state: { ...state, data } };
  },
};

function* runTasksToGetSensorData(
  self: Self,
  settings: Settings,
): Generator<unknown, SensorData, unknown> {
  settings.console?.("Running tasks to get sensor data...\n");
  const where = Task.async(self, (t) => getLocation(t, "bigfoot", settings));
  const snapshots: string[] = [];
  const tasks = CAMERAS.map((camera) =>
    Task.async(self, (t) => getSnapshot(t, camera, settings))
  );
  for (const task of tasks) snapshots.push(yield* Task.await(self, task));
  const location = yield* Task.await(self, where);
  return { snapshots, location };
}

function scheduleRefresh(self: Self, settings: Settings): void {
  self.sendAfter("refresh", settings.refreshMs);
}

/**
 * `child_spec/1`: the server under a supervisor, registered as
 * `sensor_server`.
 *
 * @param options refresh interval, lookup delays, randomness
 * @returns the child spec
 */
export function childSpec(options: SensorServerOptions = {}): ChildSpec {
  return {
    ...Supervisor.childSpec(SensorServer, options, { name: NAME }),
    startCall: "Servy.SensorServer.start_link([])",
  };
}
