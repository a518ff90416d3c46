/**
 * Bench server: servy's HttpServer and app, quiet, on the port given as
 * the first argument. Prints `ready` once listening.
 *
 * @module
 */

import { startRuntime } from "../../lib/actor/mod.ts";
import { startHttpServer } from "../../lib/servy/mod.ts";

const port = Number(Deno.args[0]);
const rt = startRuntime();
rt.spawn((self) =>
  startHttpServer(self, {
    port,
    console: () => {},
    quiet: true,
    onListening: () => console.log("ready"),
  })
);
