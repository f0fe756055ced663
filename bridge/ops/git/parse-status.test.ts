import assert from "node:assert/strict";
import { test } from "node:test";
import { parseStatus } from "./parse-status";

test("parseStatus: branch header, changes, rename, untracked, unmerged, spaces in names", () => {
  const raw = [
    "# branch.oid 1234abcd",
    "# branch.head main",
    "# branch.upstream origin/main",
    "# branch.ab +2 -1",
    "1 .M N... 100644 100644 100644 aaa bbb src/a file.ts",
    "2 R. N... 100644 100644 100644 aaa bbb R100 new name.ts",
    "old name.ts",
    "u UU N... 100644 100644 100644 100644 a b c conflict.ts",
    "? untracked.txt",
    "",
  ].join("\0");
  const s = parseStatus(raw);
  assert.equal(s.branch, "main");
  assert.equal(s.commit, "1234abcd");
  assert.equal(s.upstream, "origin/main");
  assert.deepEqual([s.ahead, s.behind], [2, 1]);
  assert.deepEqual(s.files, [
    { path: "src/a file.ts", index: ".", worktree: "M", kind: "changed" },
    { path: "new name.ts", index: "R", worktree: ".", kind: "renamed", origPath: "old name.ts" },
    { path: "conflict.ts", index: "U", worktree: "U", kind: "unmerged" },
    { path: "untracked.txt", index: "?", worktree: "?", kind: "untracked" },
  ]);
});

test("parseStatus: empty repository and detached head", () => {
  assert.deepEqual(parseStatus("# branch.oid (initial)\0# branch.head (detached)\0"), {
    branch: null,
    commit: null,
    upstream: null,
    ahead: 0,
    behind: 0,
    files: [],
  });
});
