/**
 * Run with `--v8-flags=--expose-gc`: serves one keep-alive connection that
 * posts a 1 MiB body, then idles, and prints whether the connection's
 * process still holds that request (its conv) once garbage is collected.
 *
 * @module
 */

import { respond } from "../../lib/http/mod.ts";
import { openConnection } from "./_probe.ts";

const gc = (globalThis as unknown as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with --v8-flags=--expose-gc");

let last: WeakRef<object> | undefined;
await using c = await openConnection({
  handler: (_self, conv) => {
    last = new WeakRef(conv);
    return respond(conv, 200, `${conv.body.length} bytes`);
  },
});
const body = "a".repeat(1024 * 1024);
await c.client.send(
  `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
);
await c.client.readUntil(/1048576 bytes$/);
// The connection now waits for its next request.
for (let i = 0; i < 5 && last?.deref() !== undefined; i++) {
  await new Promise((r) => setTimeout(r, 0));
  gc();
}
console.log(last?.deref() === undefined ? "collected" : "retained");
