/**
 * The course's EEx templates, rendered byte for byte as EEx renders them
 * (a `<%= for %>` line leaves its indentation and newline around each
 * item). Names are HTML-escaped (the course's need no escaping); the
 * sensors' values are the server's own.
 *
 * @module
 */

import { inspect } from "../actor/mod.ts";
import type { Bear } from "./bear.ts";

/**
 * `index.eex`.
 *
 * @param bears the bears, in display order
 * @returns `<h1>All The Bears!</h1>` and a list
 */
export function index(bears: readonly Bear[]): string {
  const items = bears.map((b) =>
    `\n    <li>${escape(b.name)} - ${escape(b.type)}</li>\n  `
  );
  return `<h1>All The Bears!</h1>\n\n<ul>\n  ${items.join("")}\n</ul>\n`;
}

/**
 * `show.eex`.
 *
 * @param bear the bear
 * @returns whether it hibernates
 */
export function show(bear: Bear): string {
  return `<h1>Show Bear</h1>\n<p>\nIs ${escape(bear.name)} hibernating? ` +
    `<strong>${bear.hibernating}</strong>\n</p>\n`;
}

/**
 * `sensors.eex`, the course's exercise: each snapshot an image in a list
 * item, then bigfoot's location.
 *
 * @param snapshots the cameras' snapshot file names
 * @param location bigfoot's location
 * @returns the snapshots and where bigfoot is
 */
export function sensors(
  snapshots: readonly string[],
  location: unknown,
): string {
  const items = snapshots.map((s) =>
    `\n    <li><img src="${s}" alt="snapshot"></li>\n  `
  );
  return `<h1>Sensors</h1>\n\n<h2>Snapshots</h2>\n<ul>\n  ${
    items.join("")
  }\n</ul>\n\n<h2>Where Is Bigfoot?</h2>\n${inspect(location)}\n`;
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;" };

/**
 * Escapes text for HTML element content (never used inside attributes),
 * so a name sent by a client cannot open a tag; `>` and quotes are
 * harmless there and stay as they are (`%{"/bigfoot" => 2}` reads as in
 * the course).
 *
 * @param text the text
 * @returns the text with `&` and `<` as entities
 */
export function escape(text: string): string {
  return /[&<]/.test(text) ? text.replace(/[&<]/g, (c) => ENTITIES[c]) : text;
}
