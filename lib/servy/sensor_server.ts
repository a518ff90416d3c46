/**
 * `Servy.SensorServer`: a GenServer registered as `:sensor_server` that
 * caches the sensors' data and refreshes it on a timer.
 *
 * 1. `init` starts the first round of lookups, one `Task.async` per camera
 *    and one for bigfoot's location.
 * 2. The tasks' `{ref, result}` replies arrive in `handleInfo`, as Elixir
 *    advises for tasks started inside an OTP behaviour. When the round is
 *    complete the cache is replaced and `:refresh` is scheduled
 *    (`Process.send_after`, course: every 5 s).
 * 3. `get_sensor_data` answers from the cache; before the first round has
 *    finished it waits for it, as the course's blocking `init` makes it.
 *
 * @module
 */

import {
  type ChildSpec,
  type From,
  type GenServerModule,
  type OnStart,
  type Receive,
  type Ref,
  type Self,
  Supervisor,
  Tuple,
} from "../actor/mod.ts";
import * as Task from "../actor/task.ts";
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
  snapshots: string[];
  location: Location | undefined;
}

/** Options of {@linkcode start}. */
export interface SensorServerOptions extends Partial<SensorApis> {
  /** Between refreshes, in ms (course: 5,000). */
  refreshMs?: number;
}

interface State {
  options: SensorApis & { refreshMs: number };
  data: SensorData | undefined;
  /** The round in progress: each task's ref → its slot. */
  pending: Map<Ref, number>;
  results: unknown[];
  /** Callers waiting for the first round. */
  waiting: From[];
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
  return self.GenServer.start(SensorServer, options, { name: NAME });
}

/** `get_sensor_data/0`. @param self the caller @returns the cached data */
export function getSensorData(self: Self): Receive<SensorData> {
  return self.GenServer.call<"get_sensor_data", SensorData>(
    NAME,
    "get_sensor_data",
  );
}

/** The callbacks. */
export const SensorServer: GenServerModule<SensorServerOptions, State> = {
  name: "Servy.SensorServer",
  init(options, self) {
    const state: State = {
      options: { refreshMs: 5000, ...COURSE_APIS, ...options },
      data: undefined,
      pending: new Map(),
      results: [],
      waiting: [],
    };
    runTasksToGetSensorData(self, state);
    return { type: "ok", state };
  },
  handleCall(_request, from, state) {
    if (state.data !== undefined) {
      return { type: "reply", reply: state.data, state };
    }
    state.waiting.push(from);
    return { type: "noreply", state };
  },
  handleInfo(msg, state, self) {
    if (msg === "refresh") {
      runTasksToGetSensorData(self, state);
    } else if (msg instanceof Tuple && state.pending.has(msg.items[0] as Ref)) {
      const ref = msg.items[0] as Ref;
      self.demonitor(ref, { flush: true });
      state.results[state.pending.get(ref)!] = msg.items[1];
      state.pending.delete(ref);
      if (state.pending.size === 0) finishRound(self, state);
    }
    // Anything else is dropped: a task's DOWN was flushed with its reply.
    return { type: "noreply", state };
  },
};

function runTasksToGetSensorData(self: Self, state: State): void {
  const apis = state.options;
  const tasks = [
    ...CAMERAS.map((camera) =>
      Task.async(self, (t) => getSnapshot(t, camera, apis))
    ),
    Task.async(self, (t) => getLocation(t, "bigfoot", apis)),
  ];
  state.pending = new Map(tasks.map((task, i) => [task.ref, i]));
  state.results = [];
}

function finishRound(self: Self, state: State): void {
  const snapshots = state.results.slice(0, CAMERAS.length) as string[];
  const location = state.results[CAMERAS.length] as Location | undefined;
  state.data = { snapshots, location };
  for (const from of state.waiting.splice(0)) {
    self.GenServer.reply(from, state.data);
  }
  self.sendAfter("refresh", state.options.refreshMs);
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
