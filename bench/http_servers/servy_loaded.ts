/**
 * Bench server: the floor under servy's idle resident memory. It loads
 * every module `servy.ts` loads (the runtime, the HTTP server, the Servy
 * app, the Deno platform) and runs none of them: the requests are
 * answered by the minimal `Deno.listen` loop (minimal.ts). Its idle RSS
 * less the loop's is what Deno takes to hold servy's code, before any
 * process runs or any request is parsed.
 *
 * @module
 */

import "../../lib/actor/mod.ts";
import "../../lib/http/mod.ts";
import "../../lib/servy/mod.ts";
import "../../lib/sys/deno.ts";
import "./minimal.ts";
