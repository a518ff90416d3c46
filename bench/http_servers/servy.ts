/**
 * Bench server: servy's HttpServer and app, quiet, on the port given as
 * the first argument, with its access log on, as `servy serve` has it:
 * one line per request through a LogBuffer, to the file named by
 * `BENCH_HTTP_ACCESS_LOG` (bench/http.ts gives a temp file), else to
 * standard output. Prints `ready` once listening.
 *
 * @module
 */

import { realClock, startRuntime } from "../../lib/actor/mod.ts";
import { accessLog, LogBuffer, type OutputDevice } from "../../lib/http/mod.ts";
import { startHttpServer } from "../../lib/servy/mod.ts";
import { denoPlatform } from "../../lib/sys/deno.ts";

const port = Number(Deno.args[0]);
const path = Deno.env.get("BENCH_HTTP_ACCESS_LOG");
const device: OutputDevice = path === undefined
  ? denoPlatform.stdout!
  : Deno.openSync(path, { write: true, create: true, append: true });
const buffer = new LogBuffer(device);
denoPlatform.onExit!(() => buffer.flushSync());
const rt = startRuntime();
rt.spawn((self) =>
  startHttpServer(self, {
    port,
    console: () => {},
    quiet: true,
    log: accessLog(buffer, realClock),
    onListening: () => console.log("ready"),
  })
);
