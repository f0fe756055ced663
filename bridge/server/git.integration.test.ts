import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmod, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { BridgeClient } from "../client/index";
import type { EventPayload } from "../protocol/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";
import { type GitHttpServer, startGitHttp } from "./git-http.fixture";

let b: BridgeProcess;
let c: BridgeClient;
let origin: string;
let http: GitHttpServer;
const TOKEN = "tok_3f9a1c7e5d2b8a64";
const author = { name: "Ada Agent", email: "ada@example.com" };
const code = (e: unknown) => (e as { code?: string }).code;
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Seed", "-c", "user.email=seed@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });

before(async () => {
  b = await startBridgeProcess();
  c = await b.connect();
  origin = path.join(b.dir, "origin.git");
  git(b.dir, "init", "-q", "--bare", "-b", "main", origin);
  const seed = path.join(b.dir, "seed");
  git(b.dir, "init", "-q", "-b", "main", seed);
  for (let i = 0; i < 30; i++) await writeFile(path.join(seed, `file${i}.txt`), `content ${i}\n`.repeat(50));
  git(seed, "add", "-A");
  git(seed, "commit", "-qm", "seed");
  git(seed, "push", "-q", origin, "main");
  http = await startGitHttp(b.dir, "x-access-token", TOKEN);
});
after(async () => {
  await http.close();
  await b.stop();
});

test("git: clone into the empty root with progress events", async () => {
  const events: EventPayload<"git:progress">[] = [];
  const r = await c.git.clone({ url: `file://${origin}` }, { onProgress: (p) => events.push(p) });
  assert.equal(r.path, ".");
  assert.equal(r.branch, "main");
  assert.match(r.commit ?? "", /^[0-9a-f]{40}$/);
  assert.ok(
    events.some((e) => e.phase === "receiving"),
    JSON.stringify(events),
  );
  assert.equal(events.at(-1)?.overall, 100);
  assert.ok(events.every((e, i) => i === 0 || e.overall >= events[i - 1]!.overall));
  await assert.rejects(c.git.clone({ url: origin }), (e) => code(e) === "ENOTEMPTY");
  // A folder holding only Kalpana's own .kalpana/ (the Nix env) still accepts a clone.
  await c.fs.write({ path: "k/.kalpana/env/flake.nix", content: "{}" });
  assert.equal((await c.git.clone({ url: origin, path: "k" })).branch, "main");
  assert.deepEqual((await c.fs.list({ path: "k", includeIgnored: true })).entries.length, 31); // 30 files + .kalpana (.git is always hidden)
  await c.fs.delete({ path: "k", recursive: true });
});

test("git: status, diff, commit (hooks off), log, push", async () => {
  await c.fs.write({ path: "file0.txt", content: "changed\n" });
  await c.fs.write({ path: "new.txt", content: "new\n" });
  const st = await c.git.status({});
  assert.deepEqual([st.branch, st.upstream, st.ahead], ["main", "origin/main", 0]);
  assert.deepEqual(
    st.files.map((f) => [f.path, f.kind]),
    [
      ["file0.txt", "changed"],
      ["new.txt", "untracked"],
    ],
  );
  const d = await c.git.diff({ path: "file0.txt" });
  assert.match(d.diff, /^\+changed$/m);
  assert.equal((await c.git.diff({ maxBytes: 10 })).truncated, true);
  // A failing hook must not run: hooks are disabled unless asked for.
  await writeFile(path.join(b.root, ".git/hooks/pre-commit"), "#!/bin/sh\nexit 1\n");
  await chmod(path.join(b.root, ".git/hooks/pre-commit"), 0o755);
  await assert.rejects(
    c.git.commit({ message: "hooked", author, all: true, runHooks: true }),
    (e) => code(e) === "EGIT",
  );
  const commit = await c.git.commit({ message: "Agent change\n\nbody", author, all: true });
  assert.match(commit.commit, /^[0-9a-f]{40}$/);
  await assert.rejects(c.git.commit({ message: "again", author }), (e) => code(e) === "EGIT");
  const log = await c.git.log({ n: 5 });
  assert.deepEqual(
    [log.commits[0]?.subject, log.commits[0]?.authorName, log.commits[0]?.authorEmail],
    ["Agent change", author.name, author.email],
  );
  assert.equal(log.commits.length, 2);
  assert.equal((await c.git.log({ ref: "HEAD~1", n: 1 })).commits[0]?.subject, "seed");
  assert.equal((await c.git.status({})).ahead, 1);
  await c.git.push({});
  assert.equal(git(b.dir, "--git-dir", origin, "log", "-1", "--format=%s").trim(), "Agent change");
  assert.equal(
    await readFile(path.join(b.root, ".git/config"), "utf8").then((t) => t.includes("user.name")),
    false,
  );
});

test("git: branch create/list, checkout, fetch", async () => {
  const created = await c.git.branch({ action: "create", name: "feature/x" });
  assert.deepEqual(created.branches.map((x) => x.name).sort(), ["feature/x", "main"]);
  assert.equal((await c.git.checkout({ ref: "feature/x" })).branch, "feature/x");
  assert.equal((await c.git.checkout({ ref: "topic", create: true })).branch, "topic");
  assert.equal((await c.git.branch({ action: "list" })).current, "topic");
  await assert.rejects(c.git.checkout({ ref: "no-such-branch" }), (e) => code(e) === "EGIT");
  await assert.rejects(c.git.checkout({ ref: "--orphan" }), (e) => code(e) === "EINVAL");
  assert.equal((await c.git.fetch({})).remote, "origin");
  await c.fs.write({ path: "plain/readme", content: "" });
  await assert.rejects(c.git.status({ cwd: "/" }), (e) => code(e) === "EOUTSIDE");
});

test("git: credentials over smart HTTP go via askpass only, wrong ones give EAUTH", async () => {
  const url = `${http.url}/origin.git`;
  await assert.rejects(c.git.clone({ url, path: "h1" }), (e) => code(e) === "EAUTH");
  await assert.rejects(
    c.git.clone({ url, path: "h2", credentials: { password: "wrong-token" } }),
    (e: Error) => code(e) === "EAUTH" && !e.message.includes("wrong-token"),
  );
  const ok = await c.git.clone({ url, path: "h3", credentials: { password: TOKEN } });
  assert.equal(ok.branch, "main");
  const config = await readFile(path.join(b.root, "h3/.git/config"), "utf8");
  assert.ok(!config.includes(TOKEN));
  const askpassDirs = (await readdir(tmpdir()))
    .filter((n) => n.startsWith("kalpana-askpass-"))
    .map((n) => path.join(tmpdir(), n));
  const grep = spawnSync("grep", ["-rl", TOKEN, b.root, ...askpassDirs], { encoding: "utf8" });
  const leaked = grep.stdout.split("\n").filter(Boolean);
  assert.deepEqual(leaked, [], "the token was written to a file");
  await c.fs.write({ path: "h3/pushed.txt", content: "via http\n" });
  await c.git.commit({ cwd: "h3", message: "http push", author, paths: ["h3/pushed.txt"] });
  await assert.rejects(c.git.push({ cwd: "h3" }), (e) => code(e) === "EAUTH");
  await c.git.push({ cwd: "h3", credentials: { password: TOKEN } });
  assert.equal(git(b.dir, "--git-dir", origin, "log", "-1", "--format=%s").trim(), "http push");
  assert.ok(http.seenAuth.includes(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`));
});
