/**
 * The access log: one line per request, `14:21:08.419 [info] GET
 * /wildthings`, as Elixir's `Logger.info` prints it with the default
 * console format (local time), written through a {@linkcode LogBuffer}
 * (batched, asynchronous, bounded). The time stamp is formatted once per
 * millisecond of wall time, and reused by every line of that millisecond.
 *
 * @module
 */

import { type Clock, formatEntry } from "../actor/mod.ts";
import { type Conv, target } from "./conv.ts";
import type { LogBuffer } from "./log_buffer.ts";

/**
 * The access log's sink, for the app's `log` step.
 *
 * @example Two requests in one millisecond
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { ManualClock } from "../actor/mod.ts";
 * import { accessLog } from "./access_log.ts";
 * import { newConv } from "./conv.ts";
 * const lines: string[] = [];
 * const log = accessLog({ line: (text) => lines.push(text) }, new ManualClock());
 * log(newConv("GET", "/wildthings", "HTTP/1.1"));
 * log(newConv("HEAD", "/bears?id=1", "HTTP/1.1"));
 * deepStrictEqual(lines, [
 *   `${new ManualClock().wallTime().toTimeString().slice(0, 8)}.506 [info] GET /wildthings`,
 *   `${new ManualClock().wallTime().toTimeString().slice(0, 8)}.506 [info] HEAD /bears?id=1`,
 * ]);
 * ```
 *
 * @param buffer where the lines go
 * @param clock the wall time of the lines
 * @returns the sink: logs `METHOD target` of each conv
 */
export function accessLog(
  buffer: Pick<LogBuffer, "line">,
  clock: Clock,
): (conv: Conv) => void {
  let at = NaN; // the millisecond of `prefix`
  let prefix = "";
  return (conv) => {
    const wall = clock.wallTime();
    const ms = wall.getTime();
    if (ms !== at) {
      at = ms;
      // formatEntry reads only the wall time: this line's, not a later one
      const stamp = { wallTime: () => wall } as Clock;
      prefix = formatEntry(stamp, "info", "").slice(1); // "\n" dropped
    }
    buffer.line(`${prefix}${conv.method} ${target(conv)}`);
  };
}
