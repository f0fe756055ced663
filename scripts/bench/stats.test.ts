import assert from "node:assert/strict";
import { test } from "node:test";
import { median, percentile, round } from "./stats";

test("median: middle sample, mean of the two middle ones for an even count, NaN when empty", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test("percentile: nearest rank over a sorted copy, input untouched", () => {
  const xs = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  assert.equal(percentile(xs, 50), 5);
  assert.equal(percentile(xs, 99), 10);
  assert.equal(percentile(xs, 1), 1);
  assert.deepEqual(xs, [10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
  assert.equal(round(1.23456, 3), 1.235);
});
