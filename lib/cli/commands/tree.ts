/**
 * `servy tree [--port N]`: starts the Servy supervision tree, draws it,
 * and stops it.
 *
 * @module
 */

import { GenServer, startRuntime } from "../../actor/mod.ts";
import * as ServySupervisor from "../../servy/supervisor.ts";
import type { Platform } from "../../sys/platform.ts";
import { drawTree } from "../tree.ts";
import { portBusy } from "../port.ts";

/**
 * Prints the tree.
 *
 * @param platform where to print
 * @param options the HTTP server's port
 * @returns the exit code
 */
export async function printTree(
  platform: Platform,
  options: { port: number },
): Promise<number> {
  const busy = await portBusy(options.port);
  if (busy !== undefined) {
    platform.printError(`servy: ${busy}; pick another with --port N\n`);
    return 1;
  }
  await using rt = startRuntime({
    logger: (_level, entry) => platform.printError(`${entry}\n`),
  });
  const drawing = await rt.run(async function* (self) {
    const started = yield* ServySupervisor.startLink(self, {
      kickStarter: { port: options.port, console: () => {}, quiet: true },
    });
    if (started === "ignore" || started.type !== "ok") return undefined;
    // Let KickStarter's HttpServer bind before drawing.
    for (let i = 0; i < 200 && !self.whereis("http_server"); i++) {
      yield* self.sleep(1);
    }
    const text = yield* drawTree(self, started.pid);
    yield* GenServer.stop(self, started.pid);
    return text;
  });
  if (drawing === undefined) {
    platform.printError("servy: the supervision tree did not start\n");
    return 1;
  }
  platform.print(drawing);
  return 0;
}
