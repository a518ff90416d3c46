/**
 * The `servy` command: hands the arguments to the CLI and exits with its code.
 * An error no one handled is logged as Elixir logs a crash and servy goes on
 * serving; an error of the CLI itself still ends it with code 1.
 *
 * @module
 */

import { logUncaught } from "./lib/actor/mod.ts";
import { main } from "./lib/cli/mod.ts";
import { denoPlatform, onUncaught } from "./lib/sys/deno.ts";

const uncaught = logUncaught({
  logger: (_level, entry) => denoPlatform.printError(`${entry}\n`),
});
onUncaught(uncaught);
Deno.exitCode = await main(Deno.args, denoPlatform).catch((error) => {
  uncaught(error, "exception");
  Deno.exit(1);
});
