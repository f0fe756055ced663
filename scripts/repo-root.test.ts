import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { findRepoRoot, repoRoot } from "./repo-root";

const tmp = mkdtempSync(path.join(tmpdir(), "kalpana-repo-root-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("findRepoRoot walks up to the folder with turbo.json", () => {
  const root = path.join(tmp, "repo");
  mkdirSync(path.join(root, "a", "b"), { recursive: true });
  writeFileSync(path.join(root, "turbo.json"), "{}");
  assert.equal(findRepoRoot(path.join(root, "a", "b")), root);
  assert.equal(findRepoRoot(), path.resolve(import.meta.dirname, ".."));
  assert.equal(repoRoot, path.resolve(import.meta.dirname, ".."));
});

test("findRepoRoot names the folder when there is no turbo.json above it", () => {
  const lone = path.join(tmp, "lone");
  mkdirSync(lone);
  assert.throws(() => findRepoRoot(lone), /no turbo.json in .*lone/);
});
