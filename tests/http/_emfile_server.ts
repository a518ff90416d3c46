/**
 * A child for fd_limit_test.ts: the HttpServer with no cap from the
 * open-file limit (`fdLimit: Infinity`), so that a flood makes its accept
 * fail with EMFILE. Prints the port on stdout; the runtime's log goes to
 * stderr. Runs until killed.
 *
 * @module
 */

import { startRuntime } from "../../lib/actor/mod.ts";
import { start } from "../../lib/servy/http_server.ts";

const encoder = new TextEncoder();
const rt = startRuntime({
  logger: (_level, entry) =>
    Deno.stderr.writeSync(encoder.encode(`${entry}\n`)),
});
rt.spawn((self) =>
  start(self, {
    port: 0,
    console: () => {},
    quiet: true,
    fdLimit: Infinity,
    onListening: (port) => Deno.stdout.writeSync(encoder.encode(`${port}\n`)),
  })
);
