import assert from "node:assert/strict";
import type { Self } from "../../lib/actor/mod.ts";
import {
  bumpCount,
  getCount,
  getCounts,
  MAX_PATH_CHARS,
  MAX_PATHS,
  start,
} from "../../lib/servy/four_oh_four_counter.ts";
import { testRuntime } from "../_support.ts";

/** Starts the counter, bumps `paths` in order, then reads all the counts. */
function countsAfter(paths: string[]) {
  return async function* (self: Self) {
    yield* start(self);
    for (const path of paths) bumpCount(self, path);
    return yield* getCounts(self);
  };
}

Deno.test("FourOhFourCounter: at most MAX_PATHS distinct paths are kept, the least recent forgotten first", async () => {
  await using rt = testRuntime();
  const atLimit = Array.from({ length: MAX_PATHS }, (_, i) => `/p${i}`);
  const full = await rt.run(countsAfter(atLimit));
  assert.equal(full.size, MAX_PATHS);
  assert.equal(full.get("/p0"), 1);

  await using rt2 = testRuntime();
  const oneOver = await rt2.run(countsAfter([...atLimit, "/new"]));
  assert.equal(oneOver.size, MAX_PATHS);
  assert.equal(oneOver.has("/p0"), false); // the oldest went
  assert.equal(oneOver.get("/p1"), 1);
  assert.equal(oneOver.get("/new"), 1);
});

Deno.test("FourOhFourCounter: a path missed again becomes the most recent and keeps its count", async () => {
  await using rt = testRuntime();
  const paths = Array.from({ length: MAX_PATHS }, (_, i) => `/p${i}`);
  const counts = await rt.run(countsAfter([...paths, "/p0", "/x", "/y"]));
  // /p0 was missed twice: the second miss made it recent, so /p1 and /p2
  // were forgotten instead.
  assert.equal(counts.get("/p0"), 2);
  assert.equal(counts.has("/p1"), false);
  assert.equal(counts.has("/p2"), false);
  assert.equal(counts.get("/p3"), 1);
  assert.equal(counts.size, MAX_PATHS);
});

Deno.test("FourOhFourCounter: long paths are bounded by their total text, so /404s stays small", async () => {
  await using rt = testRuntime();
  const long = (i: number) => `/${String(i).padStart(8191, "x")}`; // 8 KiB
  const paths = Array.from({ length: 2000 }, (_, i) => long(i));
  const counts = await rt.run(countsAfter(paths));
  const chars = [...counts.keys()].reduce((n, k) => n + k.length, 0);
  assert.ok(chars <= MAX_PATH_CHARS, `${chars} characters kept`);
  assert.equal(counts.size, Math.floor(MAX_PATH_CHARS / 8192));
  assert.equal(counts.has(long(1999)), true); // the most recent stay
  assert.equal(counts.has(long(0)), false);
  const one = await rt.run(async function* (self) {
    return yield* getCount(self, long(1999));
  });
  assert.equal(one, 1);
});
