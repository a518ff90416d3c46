import assert from "node:assert/strict";
import { median, roundRatios } from "../../bench/stats.ts";

Deno.test("median: the middle figure, or the mean of the middle two", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

Deno.test("roundRatios: each round's a over b, then their median and range; none without rounds or with a figure missing", () => {
  assert.deepEqual(roundRatios([10, 30, 20], [10, 10, 10]), {
    median: 2,
    lo: 1,
    hi: 3,
  });
  assert.equal(roundRatios([], []), undefined);
  assert.equal(roundRatios([1, 2], [1]), undefined); // a round without b's
  assert.equal(roundRatios([1], [0]), undefined);
});
