/**
 * The `servy` command: hands the arguments to the CLI and exits with its code.
 *
 * @module
 */

import { main } from "./lib/cli/mod.ts";
import { denoPlatform } from "./lib/sys/deno.ts";

Deno.exitCode = await main(Deno.args, denoPlatform);
