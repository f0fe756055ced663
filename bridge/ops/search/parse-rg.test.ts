import assert from "node:assert/strict";
import { test } from "node:test";
import { SearchGrepParams } from "../../protocol/index";
import { RgParser } from "./parse-rg";
import { rgArgs } from "./rg-args";

const line = (type: string, n: number, text: string, start = 0) =>
  JSON.stringify({
    type,
    data: { path: { text: "./a.ts" }, lines: { text: `${text}\n` }, line_number: n, submatches: [{ start }] },
  });

test("rg parser: shared context lines go to the previous match's after and the next match's before", () => {
  const p = new RgParser(1, (s) => s.replace(/^\.\//, ""));
  for (const l of [
    JSON.stringify({ type: "begin", data: { path: { text: "./a.ts" } } }),
    line("context", 1, "one"),
    line("match", 2, "héllo two", 7),
    line("context", 3, "three"),
    line("match", 4, "four"),
    line("context", 5, "five"),
    "not json",
  ])
    p.push(l);
  assert.deepEqual(p.matches, [
    { path: "a.ts", line: 2, column: 7, text: "héllo two", before: ["one"], after: ["three"] },
    { path: "a.ts", line: 4, column: 1, text: "four", before: ["three"], after: ["five"] },
  ]);
});

test("rg args: pattern after -e, path after --, .git always excluded", () => {
  const args = rgArgs(
    SearchGrepParams.parse({ pattern: "--files", include: ["*.ts"], exclude: ["dist/**"] }),
    "-weird",
  );
  assert.deepEqual(args.slice(-5), ["!.git", "-e", "--files", "--", "-weird"]);
  assert.ok(args.includes("!dist/**") && args.includes("*.ts"));
});
