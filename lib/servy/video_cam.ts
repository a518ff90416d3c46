/**
 * `Servy.VideoCam` and `Servy.Tracker`: the slow external lookups the
 * sensors make, each run in its own task.
 *
 * @module
 */

import type { Self } from "../actor/mod.ts";

/** How long each lookup takes, and where the snapshot numbers come from. */
export interface SensorApis {
  /** `get_snapshot/1`'s delay (course: 1,000 ms). */
  snapshotMs: number;
  /** `get_location/1`'s delay (course: 500 ms). */
  locationMs: number;
  /** Draws a snapshot's number (1..1000). */
  random: () => number;
}

/** The course's delays and `:rand.uniform(1000)`. */
export const COURSE_APIS: Readonly<SensorApis> = {
  snapshotMs: 1000,
  locationMs: 500,
  random: () => 1 + Math.floor(Math.random() * 1000),
};

/**
 * `VideoCam.get_snapshot/1`: waits, then names the camera's latest image.
 *
 * @param self the task's process
 * @param camera `"cam-1"`
 * @param apis delays and randomness
 * @returns `"cam-1-snapshot-123.jpg"`
 */
export async function* getSnapshot(
  self: Self,
  camera: string,
  apis: SensorApis,
): AsyncGenerator<unknown, string, unknown> {
  yield* self.sleep(apis.snapshotMs);
  return `${camera}-snapshot-${apis.random()}.jpg`;
}

/** A map position, printed as Elixir prints it: `%{lat: "29.0469 N", lng: "98.8667 W"}`. */
export interface Location {
  lat: string;
  lng: string;
}

const LOCATIONS: Readonly<Record<string, Location>> = {
  bigfoot: { lat: "29.0469 N", lng: "98.8667 W" },
};

/**
 * `Tracker.get_location/1`: waits, then tells where a wildthing was seen.
 *
 * @param self the task's process
 * @param wildthing `"bigfoot"`
 * @param apis delays
 * @returns the location, `undefined` (`nil`) for an unknown wildthing
 */
export async function* getLocation(
  self: Self,
  wildthing: string,
  apis: SensorApis,
): AsyncGenerator<unknown, Location | undefined, unknown> {
  yield* self.sleep(apis.locationMs);
  return LOCATIONS[wildthing];
}
