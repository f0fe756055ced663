import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { unifiedDiff } from "./diff";

test("diff: equal texts give an empty diff", () => {
  assert.equal(unifiedDiff("a\nb\n", "a\nb\n", "f"), "");
});

test("diff: one changed line with context", () => {
  const before = "1\n2\n3\n4\n5\n6\n7\n8\n";
  const after = "1\n2\n3\n4x\n5\n6\n7\n8\n";
  assert.equal(
    unifiedDiff(before, after, "f.txt"),
    "--- a/f.txt\n+++ b/f.txt\n@@ -1,7 +1,7 @@\n 1\n 2\n 3\n-4\n+4x\n 5\n 6\n 7\n",
  );
});

test("diff: missing final newline is marked like git", () => {
  assert.equal(
    unifiedDiff("a\n", "a", "f"),
    "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n".replace("-1 +1", "-1,1 +1,1"),
  );
});

test("diff: output applies with git apply (random edits)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-diff-"));
  try {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 20; round++) {
      const lines = Array.from({ length: 40 + rnd(40) }, (_, i) => `line ${i}`);
      const edited = [...lines];
      for (let e = 0; e < 1 + rnd(6); e++) {
        const at = rnd(edited.length);
        if (rnd(3) === 0) edited.splice(at, 1 + rnd(3));
        else if (rnd(2) === 0) edited.splice(at, 0, `new ${round}-${e}`);
        else edited[at] = `changed ${round}-${e}`;
      }
      const before = `${lines.join("\n")}\n`;
      const after = `${edited.join("\n")}\n`;
      writeFileSync(path.join(dir, "f"), before);
      writeFileSync(path.join(dir, "p.diff"), unifiedDiff(before, after, "f"));
      execFileSync("git", ["apply", "--unidiff-zero", "p.diff"], { cwd: dir });
      assert.equal(execFileSync("cat", ["f"], { cwd: dir, encoding: "utf8" }), after);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
