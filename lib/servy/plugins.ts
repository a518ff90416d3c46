/**
 * `Servy.Plugins`: the pipeline steps around `route`.
 *
 * @module
 */

import type { Self } from "../actor/mod.ts";
import { type Conv, target } from "../http/mod.ts";
import { bumpCount } from "./four_oh_four_counter.ts";

/** Where the app prints (the course's `IO.puts`): text with its newline. */
export type Console = (text: string) => void;

/**
 * `rewrite_path/1`: `/wildlife` is `/wildthings`, and `/bears?id=1` is
 * `/bears/1` (any `/thing?id=N`).
 *
 * @param conv the conv
 * @returns the same conv, its path rewritten
 */
export function rewritePath(conv: Conv): Conv {
  if (conv.path === "/wildlife") {
    conv.path = "/wildthings";
    return conv;
  }
  const id = /^id=(\d+)(?:&|$)/.exec(conv.query);
  if (id !== null && /^\/\w+$/.test(conv.path)) {
    conv.path = `${conv.path}/${id[1]}`;
    conv.query = "";
  }
  return conv;
}

/**
 * `log/1`: hands the conv to the access log, if there is one, before it
 * is routed (so a request that crashes is logged too).
 *
 * @param conv the conv
 * @param sink the access log
 * @returns the same conv
 */
export function log(conv: Conv, sink?: (conv: Conv) => void): Conv {
  sink?.(conv);
  return conv;
}

/**
 * `track/1`: a 404 prints a warning and bumps `FourOhFourCounter` (when it
 * runs; the bump is a cast).
 *
 * @param self the request's process
 * @param conv the routed conv
 * @param console where the warning goes
 * @returns the same conv
 */
export function track(self: Self, conv: Conv, console?: Console): Conv {
  if (conv.status !== 404) return conv;
  const missed = target(conv); // the whole target, as the course echoes it
  console?.(`Warning: ${missed} is on the loose!\n`);
  bumpCount(self, missed);
  return conv;
}
