import assert from "node:assert/strict";
import { test } from "node:test";
import { type Progress, progressReader } from "./progress";

test("progress: git's \\r-rewritten stderr becomes phase percents and a rising overall", () => {
  const seen: Progress[] = [];
  const feed = progressReader((p) => seen.push(p));
  feed(
    "Cloning into 'x'...\nremote: Counting objects: 100% (3/3), done.\r\nReceiving objects:  10% (1/10)\rReceiving ",
  );
  feed(
    "objects:  50% (5/10), 1.00 MiB | 2 MiB/s\rReceiving objects:  50% (5/10)\rReceiving objects: 100% (10/10), done.\n",
  );
  feed("Resolving deltas: 100% (2/2), done.\n");
  assert.deepEqual(
    seen.map((p) => [p.phase, p.percent, p.overall]),
    [
      ["counting", 100, 5],
      ["receiving", 10, 18],
      ["receiving", 50, 48],
      ["receiving", 100, 85],
      ["resolving", 100, 95],
    ],
  );
});
