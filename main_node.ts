/**
 * The `servy` entry point on Node, bundled into the single executable:
 * `process.argv` → cli `main()` → `process.exitCode`.
 *
 * @module
 */

import process from "node:process";
import { main } from "./lib/cli/mod.ts";
import { nodePlatform } from "./lib/sys/node.ts";

main(process.argv.slice(2), nodePlatform).then((code) => {
  process.exitCode = code;
});
