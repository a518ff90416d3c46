/**
 * The `servy` entry point on Node, bundled into the single executable:
 * `process.argv` → cli `main()` → `process.exitCode`. An error no one
 * handled is logged as Elixir logs a crash and servy goes on serving; an
 * error of the CLI itself still ends it with code 1.
 *
 * @module
 */

import process from "node:process";
import { logUncaught } from "./lib/actor/mod.ts";
import { main } from "./lib/cli/mod.ts";
import { nodePlatform, onUncaught } from "./lib/sys/node.ts";

const uncaught = logUncaught({
  logger: (_level, entry) => nodePlatform.printError(`${entry}\n`),
});
onUncaught(uncaught);
main(process.argv.slice(2), nodePlatform).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    uncaught(error, "exception");
    process.exit(1);
  },
);
