import assert from "node:assert/strict";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { BridgeClient } from "../client/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

let b: BridgeProcess;
let c: BridgeClient;
const code = (e: unknown) => (e as { code?: string }).code;

before(async () => {
  b = await startBridgeProcess();
  c = await b.connect();
  await mkdir(path.join(b.dir, "outside"));
  await writeFile(path.join(b.dir, "outside/secret.txt"), "top secret");
  await symlink(path.join(b.dir, "outside"), path.join(b.root, "escape"));
});
after(() => b.stop());

test("fs: write (atomic, parents), read whole / bytes / lines / base64", async () => {
  assert.deepEqual(await c.fs.write({ path: "a/b/c.txt", content: "one\ntwo\nthree\n" }), {
    path: "a/b/c.txt",
    bytes: 14,
  });
  assert.equal((await c.fs.read({ path: "a/b/c.txt" })).content, "one\ntwo\nthree\n");
  assert.equal((await c.fs.read({ path: "a/b/c.txt", offset: 4, length: 3 })).content, "two");
  const lines = await c.fs.read({ path: "a/b/c.txt", startLine: 2, endLine: 2 });
  assert.deepEqual([lines.content, lines.endLine, lines.hasMore], ["two\n", 2, true]);
  await c.fs.write({
    path: "bin.dat",
    content: Buffer.from([0, 1, 2, 255]).toString("base64"),
    encoding: "base64",
  });
  assert.deepEqual([...(await readFile(path.join(b.root, "bin.dat")))], [0, 1, 2, 255]);
  assert.equal((await c.fs.read({ path: "bin.dat", encoding: "base64" })).content, "AAEC/w==");
  const leftovers = (await readdir(path.join(b.root, "a/b"))).filter((n) => n.includes(".tmp"));
  assert.deepEqual(leftovers, [], "no temp files left behind");
  await assert.rejects(
    c.fs.write({ path: "a/b/c.txt", content: "x", overwrite: false }),
    (e) => code(e) === "EEXIST",
  );
});

test("fs: size cap gives ETOOLARGE with a helpful message", async () => {
  await c.fs.write({ path: "big.txt", content: "x".repeat(300_000) });
  await assert.rejects(
    c.fs.read({ path: "big.txt", maxBytes: 100_000 }),
    (e: Error) => code(e) === "ETOOLARGE" && /offset\/length/.test(e.message),
  );
  assert.equal(
    (await c.fs.read({ path: "big.txt", offset: 0, length: 10, maxBytes: 100_000 })).content.length,
    10,
  );
});

test("fs: edit replaces exactly once, or N times, and returns a diff", async () => {
  await c.fs.write({ path: "e.ts", content: "let a = 1;\nlet b = 1;\n" });
  await assert.rejects(
    c.fs.edit({ path: "e.ts", oldString: "= 1", newString: "= 2" }),
    (e: Error) => code(e) === "EINVAL" && /2 times/.test(e.message),
  );
  await assert.rejects(
    c.fs.edit({ path: "e.ts", oldString: "nope", newString: "x" }),
    (e) => code(e) === "EINVAL",
  );
  const r = await c.fs.edit({ path: "e.ts", oldString: "let b = 1;", newString: "let b = $&2;" });
  assert.equal(r.diff, "--- a/e.ts\n+++ b/e.ts\n@@ -1,2 +1,2 @@\n let a = 1;\n-let b = 1;\n+let b = $&2;\n");
  const all = await c.fs.edit({
    path: "e.ts",
    oldString: "let",
    newString: "const",
    expectedReplacements: 2,
  });
  assert.equal(all.replacements, 2);
  assert.equal(await readFile(path.join(b.root, "e.ts"), "utf8"), "const a = 1;\nconst b = $&2;\n");
});

test("fs: list and tree are gitignore-aware, hide .git, honour limits", async () => {
  await mkdir(path.join(b.root, "proj/.git"), { recursive: true });
  await mkdir(path.join(b.root, "proj/node_modules/x"), { recursive: true });
  await mkdir(path.join(b.root, "proj/src/deep/deeper"), { recursive: true });
  await writeFile(path.join(b.root, "proj/.gitignore"), "node_modules/\n*.log\n");
  await writeFile(path.join(b.root, "proj/debug.log"), "");
  await writeFile(path.join(b.root, "proj/src/deep/deeper/f.ts"), "");
  const list = await c.fs.list({ path: "proj" });
  assert.deepEqual(
    list.entries.map((e) => e.name),
    ["src", ".gitignore"],
  );
  const withIgnored = await c.fs.list({ path: "proj", includeIgnored: true });
  assert.deepEqual(withIgnored.entries.map((e) => e.name).sort(), [
    ".gitignore",
    "debug.log",
    "node_modules",
    "src",
  ]);
  const t = await c.fs.tree({ path: "proj", depth: 2 });
  assert.deepEqual(
    t.entries.map((e) => e.path),
    ["proj/src", "proj/src/deep", "proj/.gitignore"],
  );
  assert.equal((await c.fs.tree({ path: "proj", limit: 2 })).truncated, true);
  assert.equal((await c.fs.list({ path: "proj", limit: 1 })).truncated, true);
  await assert.rejects(c.fs.list({ path: "e.ts" }), (e) => code(e) === "ENOTDIR");
});

test("fs: stat, move (no overwrite unless asked), delete (folders need recursive)", async () => {
  await c.fs.write({ path: "m/one.txt", content: "1" });
  await c.fs.write({ path: "m/two.txt", content: "2" });
  assert.equal((await c.fs.stat({ path: "m/one.txt" })).type, "file");
  await assert.rejects(c.fs.move({ from: "m/one.txt", to: "m/two.txt" }), (e) => code(e) === "EEXIST");
  await c.fs.move({ from: "m/one.txt", to: "m/two.txt", overwrite: true });
  assert.equal((await c.fs.read({ path: "m/two.txt" })).content, "1");
  await c.fs.move({ from: "m/two.txt", to: "n/new/place.txt" });
  await assert.rejects(c.fs.stat({ path: "m/two.txt" }), (e) => code(e) === "ENOENT");
  await assert.rejects(c.fs.delete({ path: "n" }), (e) => code(e) === "EISDIR");
  await c.fs.delete({ path: "n", recursive: true });
  await assert.rejects(c.fs.stat({ path: "n" }), (e) => code(e) === "ENOENT");
  await assert.rejects(c.fs.delete({ path: ".", recursive: true }), (e) => code(e) === "EINVAL");
});

test("fs: confinement over the wire (symlink escape, .., absolute, NUL)", async () => {
  for (const p of [
    "escape/secret.txt",
    "../outside/secret.txt",
    path.join(b.dir, "outside/secret.txt"),
    "/etc/passwd",
  ]) {
    await assert.rejects(c.fs.read({ path: p }), (e) => code(e) === "EOUTSIDE", p);
  }
  await assert.rejects(c.fs.write({ path: "escape/new.txt", content: "x" }), (e) => code(e) === "EOUTSIDE");
  await assert.rejects(c.fs.read({ path: "a\0b" }), (e) => code(e) === "EINVAL");
  // deleting the link removes the link, never what it points to
  await c.fs.delete({ path: "escape" });
  assert.equal(await readFile(path.join(b.dir, "outside/secret.txt"), "utf8"), "top secret");
});

test("search: regex, literal, case, globs, context, cap", async () => {
  await c.fs.write({ path: "s/a.ts", content: "alpha\nfoo(1)\nbeta\nFOO(2)\ngamma\n" });
  await c.fs.write({ path: "s/b.md", content: "foo(3)\n" });
  const r = await c.search.grep({ pattern: "foo\\(\\d\\)", path: "s", contextLines: 1, include: ["*.ts"] });
  assert.deepEqual(r.matches, [
    { path: "s/a.ts", line: 2, column: 1, text: "foo(1)", before: ["alpha"], after: ["beta"] },
  ]);
  const lit = await c.search.grep({ pattern: "foo(", fixedStrings: true, caseSensitive: false, path: "s" });
  assert.equal(lit.matches.length, 3);
  const ex = await c.search.grep({ pattern: "foo", caseSensitive: false, path: "s", exclude: ["*.md"] });
  assert.deepEqual(
    ex.matches.map((m) => m.line),
    [2, 4],
  );
  const capped = await c.search.grep({ pattern: "o", path: "s", maxResults: 1 });
  assert.deepEqual([capped.matches.length, capped.truncated], [1, true]);
  assert.deepEqual((await c.search.grep({ pattern: "zzz-none" })).matches, []);
  await assert.rejects(c.search.grep({ pattern: "(unclosed" }), (e) => code(e) === "EINVAL");
});
