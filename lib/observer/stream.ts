/**
 * The page's live updates as server-sent events: the head, then one
 * `snapshot` event at once and another after each change the tracker
 * reports (gathered for {@linkcode DEBOUNCE_MS}) or each second (the
 * mailboxes and the charts move without events). Each carries the
 * processes, the timeline entries after the last sent (the event's `id`,
 * so a reconnecting page resumes with `Last-Event-ID`) and the samples.
 *
 * @module
 */

import { type Self, TIMEOUT } from "../actor/mod.ts";
import type { Connection } from "../net/mod.ts";
import { head, write } from "./http.ts";
import type { Context } from "./routes.ts";
import { snapshot } from "./snapshot.ts";
import { CHANGED } from "./tracker.ts";

/** How long changes are gathered into one snapshot. */
export const DEBOUNCE_MS = 100;

/** The longest wait between two snapshots. */
export const REFRESH_MS = 1000;

const isChanged = (m: unknown): m is typeof CHANGED => m === CHANGED;

/**
 * Streams snapshots until the client goes.
 *
 * @param self the connection's process
 * @param conn its socket
 * @param ctx tracker and kinds
 * @param since the last timeline entry the page has
 */
export async function* stream(
  self: Self,
  conn: Connection,
  ctx: Context,
  since: number,
): AsyncGenerator<unknown, void, unknown> {
  const { tracker } = ctx;
  const headers = { "Content-Type": "text/event-stream", Connection: "close" };
  if (!await write(conn, head(200, headers))) return;
  tracker.watch(self.pid);
  let seq = since;
  for (;;) {
    const processes = yield* snapshot(self, tracker, ctx.kinds);
    const timeline = tracker.timeline.since(seq);
    seq = timeline.at(-1)?.seq ?? seq;
    const data = JSON.stringify({
      processes,
      timeline,
      samples: tracker.samples,
    });
    tracker.seen(self.pid);
    if (!await write(conn, `id: ${seq}\nevent: snapshot\ndata: ${data}\n\n`)) {
      return;
    }
    const got = yield* self.receive(isChanged, { after: REFRESH_MS });
    if (got !== TIMEOUT) yield* self.sleep(DEBOUNCE_MS);
    while ((yield* self.receive(isChanged, { after: 0 })) !== TIMEOUT);
  }
}
