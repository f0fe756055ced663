import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import type { BridgeClient } from "../client/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";

let b: BridgeProcess;
let c: BridgeClient;
let ws: string;
const code = (e: unknown) => (e as { code?: string }).code;
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=P", "-c", "user.email=p@example.com", ...args], {
    cwd: ws,
    encoding: "buffer",
  });
const put = async (rel: string, text: string) => {
  await mkdir(path.dirname(path.join(ws, rel)), { recursive: true });
  await writeFile(path.join(ws, rel), text);
};
const read = (rel: string) => readFile(path.join(ws, rel), "utf8");
const exists = (rel: string) =>
  stat(path.join(ws, rel)).then(
    () => true,
    () => false,
  );
/** Everything the person's repository is: status, index (stage + blob ids), stash, HEAD, refs, config. */
const repoState = () =>
  [
    git("status", "--porcelain=v2", "--branch", "--untracked-files=all", "-z"),
    git("ls-files", "-s", "-z"),
    git("stash", "list"),
    git("rev-parse", "HEAD"),
    git("for-each-ref"),
    git("count-objects", "-v"),
  ]
    .map((x) => x.toString("hex"))
    .join("|");

before(async () => {
  // The fixture puts the store beside the root, outside it, as /home/coder/.kalpana is in the image.
  b = await startBridgeProcess();
  ws = b.root;
  c = await b.connect();
});
after(async () => {
  await b?.stop();
});

test("checkpoint: undo restores a turn's writes, edits and deletes; the person's repo is untouched", async () => {
  git("init", "-q", "-b", "main");
  await put(".gitignore", "dist/\n*.log\n");
  await put("src/app.ts", "export const a = 1;\n");
  await put("src/keep.ts", "keep\n");
  await put("README.md", "# hi\n");
  git("add", "-A");
  git("commit", "-qm", "seed");
  // The person's own state: a staged change, an unstaged one, an untracked file, a stash.
  await put("notes.txt", "stash me\n");
  git("add", "notes.txt");
  git("stash", "push", "-q", "-m", "person's stash");
  await put("README.md", "# hi, staged\n");
  git("add", "README.md");
  await put("src/keep.ts", "keep, unstaged edit\n");
  await put("scratch/todo.txt", "untracked before\n");
  await put("dist/bundle.js", "ignored build output\n");
  const personBefore = repoState();

  const made = await c.checkpoint.create({ name: "t1-before" });
  assert.match(made.commit, /^[0-9a-f]{40}$/);
  // The scripted turn: edit a tracked file, write a new untracked file in a new folder,
  // delete an untracked file and a tracked one, touch an ignored one.
  await put("src/app.ts", "export const a = 2;\n");
  await put("src/new/feature.ts", "new\n");
  await rm(path.join(ws, "scratch/todo.txt"));
  await rm(path.join(ws, "README.md"));
  await put("dist/bundle.js", "rebuilt\n");
  await c.checkpoint.create({ name: "t1-after" });
  assert.equal(repoState().length > 0, true);

  const preview = await c.checkpoint.diff({ before: "t1-before", after: "t1-after" });
  const byPath = Object.fromEntries(preview.changes.map((x) => [x.path, x.status]));
  assert.deepEqual(byPath, {
    "README.md": "deleted",
    "scratch/todo.txt": "deleted",
    "src/app.ts": "modified",
    "src/new/feature.ts": "added",
  });
  assert.deepEqual(preview.conflicts, []);

  const r = await c.checkpoint.restore({ before: "t1-before", after: "t1-after" });
  assert.deepEqual(r.conflicts, []);
  assert.equal(r.restored.length, 4);
  assert.equal(await read("src/app.ts"), "export const a = 1;\n");
  assert.equal(await read("README.md"), "# hi, staged\n");
  assert.equal(await read("scratch/todo.txt"), "untracked before\n");
  assert.equal(await read("src/keep.ts"), "keep, unstaged edit\n");
  assert.equal(await exists("src/new/feature.ts"), false);
  assert.equal(await exists("src/new"), false, "a folder the turn created goes with its files");
  assert.equal(await read("dist/bundle.js"), "rebuilt\n", "ignored files are not checkpointed");
  assert.equal(repoState(), personBefore, "status, index, stash, HEAD, refs and objects are byte-identical");
  assert.equal(await exists(".kalpana"), false, "nothing is written into the workspace");
  // Nothing left to undo the second time.
  assert.deepEqual((await c.checkpoint.diff({ before: "t1-before", after: "t1-after" })).changes, []);
});

test("checkpoint: a file changed after the turn is a conflict and kept unless forced", async () => {
  await put("conf/a.txt", "a0\n");
  await put("conf/b.txt", "b0\n");
  await c.checkpoint.create({ name: "t2-before" });
  await put("conf/a.txt", "a1 by agent\n");
  await put("conf/b.txt", "b1 by agent\n");
  await c.checkpoint.create({ name: "t2-after" });
  await put("conf/a.txt", "a2 by person\n");
  const preview = await c.checkpoint.diff({ before: "t2-before", after: "t2-after" });
  assert.deepEqual(preview.conflicts, ["conf/a.txt"]);
  assert.deepEqual(
    preview.changes.map((x) => [x.path, x.conflict]),
    [
      ["conf/a.txt", true],
      ["conf/b.txt", false],
    ],
  );
  const r = await c.checkpoint.restore({ before: "t2-before", after: "t2-after" });
  assert.deepEqual(r, { restored: ["conf/b.txt"], conflicts: ["conf/a.txt"] });
  assert.equal(await read("conf/a.txt"), "a2 by person\n", "the person's edit is kept");
  assert.equal(await read("conf/b.txt"), "b0\n");
  const forced = await c.checkpoint.restore({ before: "t2-before", after: "t2-after", force: true });
  assert.deepEqual(forced, { restored: ["conf/a.txt"], conflicts: [] });
  assert.equal(await read("conf/a.txt"), "a0\n");
});

test("checkpoint: a workspace without a repository works, .gitignore still honoured", async () => {
  const nb = await startBridgeProcess();
  try {
    const cc = await nb.connect();
    const w = nb.root;
    await writeFile(path.join(w, ".gitignore"), "node_modules/\n");
    await mkdir(path.join(w, "node_modules/x"), { recursive: true });
    await writeFile(path.join(w, "node_modules/x/i.js"), "ignored\n");
    await writeFile(path.join(w, "a.txt"), "one\n");
    const first = await cc.checkpoint.create({ name: "b" });
    assert.equal(first.files, 2, "a.txt and .gitignore, not node_modules");
    await writeFile(path.join(w, "a.txt"), "two\n");
    await writeFile(path.join(w, "b.txt"), "new\n");
    await cc.checkpoint.create({ name: "a" });
    await cc.checkpoint.restore({ before: "b", after: "a" });
    assert.equal(await readFile(path.join(w, "a.txt"), "utf8"), "one\n");
    assert.equal(await stat(path.join(w, "b.txt")).catch(() => null), null);
    assert.equal(await stat(path.join(w, ".git")).catch(() => null), null, "no repository is created");
  } finally {
    await nb.stop();
  }
});

test("checkpoint: a workspace over the caps is refused with ETOOLARGE before hashing", async () => {
  await put("big/blob.bin", "x".repeat(64 * 1024));
  await assert.rejects(
    c.checkpoint.create({ name: "big", maxBytes: 32 * 1024 }),
    (e) => code(e) === "ETOOLARGE" && /too large for a checkpoint/.test((e as Error).message),
  );
  await assert.rejects(
    c.checkpoint.create({ name: "many", maxFiles: 3 }),
    (e) => code(e) === "ETOOLARGE" && /more than 3 files/.test((e as Error).message),
  );
  await assert.rejects(c.checkpoint.diff({ before: "big", after: "t1-after" }), (e) => code(e) === "ENOENT");
  await rm(path.join(ws, "big"), { recursive: true });
});

test("checkpoint: names cannot smuggle options or ref paths", async () => {
  for (const name of ["-x", "../../HEAD", "a/b", "a b", ""])
    await assert.rejects(c.checkpoint.create({ name }), (e) => code(e) === "EINVAL", name);
});

test("checkpoint: prune keeps the newest N and the kept ones still restore", async () => {
  await c.checkpoint.prune({ keep: 0 });
  for (let i = 0; i < 6; i++) {
    await put("p.txt", `v${i}\n`);
    await c.checkpoint.create({ name: `p${i}` });
  }
  const r = await c.checkpoint.prune({ keep: 2 });
  assert.equal(r.kept, 2);
  assert.deepEqual([...r.deleted].sort(), ["p0", "p1", "p2", "p3"]);
  await assert.rejects(c.checkpoint.diff({ before: "p0", after: "p5" }), (e) => code(e) === "ENOENT");
  await c.checkpoint.restore({ before: "p4", after: "p5" });
  assert.equal(await read("p.txt"), "v4\n");
});

// The store lives outside /workspace, but the workspace's processes run as the same user and can
// rewrite its config between answers: what it names must not run either.
test("checkpoint: programs configured in the checkpoint store's own config never run", async () => {
  const nb = await startBridgeProcess();
  try {
    const cc = await nb.connect();
    const w = nb.root;
    const marker = path.join(nb.dir, "pwned");
    await writeFile(path.join(w, "a.txt"), "one\n");
    await cc.checkpoint.create({ name: "b" }); // the store exists now
    await writeFile(
      path.join(nb.dir, "checkpoints.git/config"),
      `[core]\n\tfsmonitor = touch ${marker}\n\thooksPath = hooks\n[filter "evil"]\n\tclean = touch ${marker}\n\tsmudge = touch ${marker}\n[include]\n\tpath = extra\n`,
      { flag: "a" },
    );
    await writeFile(
      path.join(nb.dir, "checkpoints.git/extra"),
      `[diff "evil"]\n\ttextconv = touch ${marker}\n`,
    );
    await writeFile(path.join(w, ".gitattributes"), "* filter=evil diff=evil\n");
    await writeFile(path.join(w, "a.txt"), "two\n");
    await cc.checkpoint.create({ name: "a" });
    await cc.checkpoint.diff({ before: "b", after: "a" });
    await cc.checkpoint.restore({ before: "b", after: "a" });
    assert.equal(await readFile(path.join(w, "a.txt"), "utf8"), "one\n");
    assert.equal(await stat(marker).catch(() => null), null, "no filter, textconv or fsmonitor ran");
  } finally {
    await nb.stop();
  }
});

test("checkpoint: programs configured in the workspace's repository never run", async () => {
  const nb = await startBridgeProcess();
  try {
    const cc = await nb.connect();
    const w = nb.root;
    const marker = path.join(nb.dir, "pwned");
    execFileSync("git", ["init", "-q"], { cwd: w });
    // Written by hand (not `git config`) so no git of ours runs them while setting up.
    await writeFile(
      path.join(w, ".git/config"),
      `[core]\n\tfsmonitor = touch ${marker}\n\thooksPath = hooks\n[filter "evil"]\n\tclean = touch ${marker}\n\tsmudge = touch ${marker}\n`,
      { flag: "a" },
    );
    await writeFile(path.join(w, ".gitattributes"), "* filter=evil\n");
    await writeFile(path.join(w, "a.txt"), "one\n");
    await cc.checkpoint.create({ name: "b" });
    await writeFile(path.join(w, "a.txt"), "two\n");
    await cc.checkpoint.create({ name: "a" });
    await cc.checkpoint.restore({ before: "b", after: "a" });
    assert.equal(await readFile(path.join(w, "a.txt"), "utf8"), "one\n");
    assert.equal(await stat(marker).catch(() => null), null, "no filter or fsmonitor ran");
  } finally {
    await nb.stop();
  }
});
