/**
 * The benches' baseline: servy's tree as it was at a git revision,
 * extracted to a temp dir (`git archive`), with this tree's node_modules,
 * so a change is measured before and after in one run.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The name the benches give servy as it was at the baseline revision. */
export const BASELINE = "servy@baseline";

/** This tree's root. */
export const ROOT: string = new URL("..", import.meta.url).pathname;

/**
 * @param rev a git revision of this repository: `main~3`
 * @returns the root of the tree at `rev`, in a new temp dir
 */
export function baselineTree(rev: string): string {
  const dir = mkdtempSync(join(tmpdir(), "servy-baseline-"));
  const tar = execFileSync("git", ["-C", ROOT, "archive", rev], {
    maxBuffer: 1 << 30, // the default 1 MiB is less than the tree
  });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  execFileSync("ln", ["-s", join(ROOT, "node_modules"), dir]);
  return dir;
}
