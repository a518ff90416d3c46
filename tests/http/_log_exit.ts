/**
 * Test script: logs 1,000 lines through a LogBuffer on standard output,
 * flushed by `onExit`, then ends as its argument says, before any batch
 * was written: `exit` (Deno.exit), `throw` (an uncaught error), `reject`
 * (an unhandled rejection), `end` (the program runs out of work).
 *
 * @module
 */

import { LogBuffer } from "../../lib/http/log_buffer.ts";
import { denoPlatform } from "../../lib/sys/deno.ts";

const log = new LogBuffer(denoPlatform.stdout!);
denoPlatform.onExit!(() => log.flushSync());
for (let i = 0; i < 1000; i++) log.line(`GET /bears/${i}`);
const how = Deno.args[0];
if (how === "exit") Deno.exit(0);
if (how === "throw") {
  queueMicrotask(() => {
    throw new Error("crash");
  });
}
if (how === "reject") Promise.reject(new Error("crash"));
