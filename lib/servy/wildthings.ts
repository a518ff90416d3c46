/**
 * `Servy.Wildthings`: the refuge's bears, a fixed list as in the course.
 *
 * @module
 */

import type { Bear } from "./bear.ts";

const BEARS: readonly Readonly<Bear>[] = [
  bear(1, "Teddy", "Brown", true),
  bear(2, "Smokey", "Black"),
  bear(3, "Paddington", "Brown"),
  bear(4, "Scarface", "Grizzly", true),
  bear(5, "Snow", "Polar"),
  bear(6, "Brutus", "Grizzly"),
  bear(7, "Rosie", "Black", true),
  bear(8, "Roscoe", "Panda"),
  bear(9, "Iceman", "Polar", true),
  bear(10, "Kenai", "Grizzly"),
];

function bear(id: number, name: string, type: string, hibernating = false) {
  return Object.freeze({ type, name, id, hibernating });
}

/** `list_bears/0`. @returns the bears in id order */
export function listBears(): readonly Readonly<Bear>[] {
  return BEARS;
}

/**
 * `get_bear/1`.
 *
 * @param id the id as the path gives it: `"1"`
 * @returns the bear, or `undefined` when no bear has that id
 */
export function getBear(id: string): Readonly<Bear> | undefined {
  return /^\d+$/.test(id) ? BEARS.find((b) => b.id === Number(id)) : undefined;
}
