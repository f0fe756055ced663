// A hostile repository: every way git can be told to run a program (repository config,
// included config, .gitattributes drivers, hooks, the remote's own hooks, the bridge's
// inherited environment and the person's global config) points at a script that leaves a
// marker file. Every bridge git op then runs through a real bridge process: no marker may appear.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { BridgeClient } from "../client/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";
import { type GitHttpServer, startGitHttp } from "./git-http.fixture";

const HOOKS = [
  "applypatch-msg",
  "pre-applypatch",
  "post-applypatch",
  "pre-commit",
  "pre-merge-commit",
  "prepare-commit-msg",
  "commit-msg",
  "post-commit",
  "pre-rebase",
  "post-checkout",
  "post-merge",
  "pre-push",
  "pre-receive",
  "update",
  "proc-receive",
  "post-receive",
  "post-update",
  "reference-transaction",
  "push-to-checkout",
  "pre-auto-gc",
  "post-rewrite",
  "post-index-change",
  "fsmonitor-watchman",
];

let b: BridgeProcess;
let c: BridgeClient;
let evil: string; // outside the root: the scripts and the markers they leave
let marks: string;
let home: string;
let http: GitHttpServer;
const author = { name: "Ada Agent", email: "ada@example.com" };
// The test's own git must not run anything either: no global config, nothing inherited.
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=Seed", "-c", "user.email=seed@example.com", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
  });

/** A program that leaves `marks/<name>` and passes stdin (or its file arguments) through. */
async function marker(name: string): Promise<string> {
  const file = path.join(evil, name);
  await writeFile(
    file,
    `#!/bin/sh\necho "$@" >> '${marks}/${name}'\n[ -f "$1" ] && exec cat "$1"\nexec cat\n`,
  );
  await chmod(file, 0o755);
  return file;
}

async function hooks(dir: string, prefix: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const h of HOOKS) {
    const file = path.join(dir, h);
    await writeFile(file, `#!/bin/sh\ntouch '${marks}/${prefix}-${h}'\ncat >/dev/null 2>&1\nexit 0\n`);
    await chmod(file, 0o755);
  }
}

before(async () => {
  evil = await mkdtemp(path.join(tmpdir(), "kalpana-git-evil-"));
  marks = path.join(evil, "marks");
  home = path.join(evil, "home");
  await mkdir(marks);
  await mkdir(home);
  // The person's global config: theirs, never the bridge's.
  await writeFile(
    path.join(home, ".gitconfig"),
    `[core]\n\tfsmonitor = ${await marker("global-fsmonitor")}\n\tpager = ${await marker("global-pager")}\n` +
      `[filter "global"]\n\tclean = ${await marker("global-clean")}\n\tsmudge = ${await marker("global-smudge")}\n`,
  );
  await mkdir(path.join(evil, "template/hooks"), { recursive: true });
  await hooks(path.join(evil, "template/hooks"), "template");
  b = await startBridgeProcess({
    HOME: home,
    // Variables the bridge itself may have inherited: none may reach its git children.
    GIT_EXTERNAL_DIFF: await marker("env-external-diff"),
    GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${await marker("env-params")}'`,
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "diff.evil.textconv",
    GIT_CONFIG_VALUE_0: await marker("env-count"),
    GIT_TEMPLATE_DIR: path.join(evil, "template"),
    GIT_SSH: await marker("env-ssh"),
    GIT_PROXY_COMMAND: await marker("env-proxy"),
  });
  c = await b.connect();
  http = await startGitHttp(b.dir, "x-access-token", "tok_never_sent");

  // Seed a repository and its remote while nothing is configured yet.
  const repo = path.join(b.root, "repo");
  const origin = path.join(b.dir, "origin.git");
  git(b.dir, "init", "-q", "--bare", "-b", "main", origin);
  git(b.root, "init", "-q", "-b", "main", repo);
  await writeFile(
    path.join(repo, ".gitattributes"),
    "*.txt filter=evil diff=evil merge=evil\n*.p filter=evilp\n*.inc filter=inc diff=incif\n*.g filter=global\n",
  );
  for (const f of ["a.txt", "b.p", "c.inc", "d.g"]) await writeFile(path.join(repo, f), `${f} one\n`);
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "seed");
  git(repo, "remote", "add", "origin", origin);
  git(repo, "push", "-q", "origin", "main");
  git(repo, "branch", "-u", "origin/main");
  await hooks(path.join(origin, "hooks"), "remote-hook");
  await hooks(path.join(repo, ".git/hooks"), "hook");
  await hooks(path.join(evil, "hooks"), "hookspath");
  // Included files are followed by git: their drivers must be found and neutralised too.
  await writeFile(
    path.join(evil, "inc.config"),
    `[filter "inc"]\n\tclean = ${await marker("include-clean")}\n`,
  );
  await writeFile(
    path.join(evil, "incif.config"),
    `[diff "incif"]\n\ttextconv = ${await marker("includeif-textconv")}\n`,
  );
  const set: [string, string][] = [
    ["core.fsmonitor", await marker("fsmonitor")],
    ["core.hooksPath", path.join(evil, "hooks")],
    ["filter.evil.clean", await marker("filter-clean")],
    ["filter.evil.smudge", await marker("filter-smudge")],
    ["filter.evil.required", "true"],
    ["filter.evilp.process", await marker("filter-process")],
    ["diff.evil.textconv", await marker("diff-textconv")],
    ["diff.evil.command", await marker("diff-command")],
    ["diff.external", await marker("diff-external")],
    ["merge.evil.driver", await marker("merge-driver")],
    ["core.pager", await marker("pager")],
    ["pager.status", await marker("pager-status")],
    ["pager.diff", await marker("pager-diff")],
    ["pager.log", await marker("pager-log")],
    ["pager.branch", await marker("pager-branch")],
    ["alias.status", `!${await marker("alias")}`],
    ["core.editor", await marker("editor")],
    ["sequence.editor", await marker("sequence-editor")],
    ["commit.gpgSign", "true"],
    ["log.showSignature", "true"],
    ["gpg.program", await marker("gpg")],
    ["gpg.ssh.program", await marker("gpg-ssh")],
    ["core.askPass", await marker("askpass")],
    ["credential.helper", await marker("credential-helper")],
    [`credential.${http.url}.helper`, await marker("credential-url-helper")],
    ["core.sshCommand", await marker("ssh-command")],
    ["core.gitProxy", await marker("git-proxy")],
    ["core.alternateRefsCommand", await marker("alternate-refs")],
    ["protocol.ext.allow", "always"],
    ["protocol.allow", "always"],
    ["remote.origin.uploadpack", await marker("uploadpack")],
    ["remote.origin.receivepack", await marker("receivepack")],
    ["remote.viassh.url", "ssh://git.invalid/r.git"],
    ["remote.viagit.url", "git://git.invalid/r.git"],
    ["remote.viaext.url", `ext::${await marker("ext-transport")} %S`],
    ["remote.viaweb.url", `${http.url}/origin.git`],
    ["include.path", path.join(evil, "inc.config")],
    [`includeIf.gitdir:${repo}/.path`, path.join(evil, "incif.config")],
  ];
  for (const [k, v] of set) git(repo, "config", "--add", k, v);
  // An embedded bare repository: a folder of the work tree that is itself a git dir whose
  // config gives it a work tree and an fsmonitor. Discovery from inside it would use it.
  const bare = path.join(repo, "vendor/lib.git");
  git(b.root, "init", "-q", "--bare", bare);
  git(bare, "config", "core.bare", "false");
  git(bare, "config", "core.worktree", path.join(repo, "vendor"));
  git(bare, "config", "core.fsmonitor", await marker("bare-fsmonitor"));
  git(bare, "config", "log.showSignature", "true");
  git(bare, "config", "gpg.program", await marker("bare-gpg"));
});
after(async () => {
  await http?.close();
  await b?.stop();
  await rm(evil, { recursive: true, force: true });
});

async function markers(): Promise<string[]> {
  return (await readdir(marks)).sort();
}

test("git markers: the hostile repository is armed (plain git runs its programs)", async () => {
  // Proof that the setup can fail the test: an ordinary `git status` runs the fsmonitor.
  execFileSync("git", ["status", "--porcelain"], {
    cwd: path.join(b.root, "repo"),
    env: { PATH: process.env.PATH, HOME: home },
  });
  assert.ok((await markers()).includes("fsmonitor"), String(await markers()));
  await rm(marks, { recursive: true });
  await mkdir(marks);
});

test("git markers: no bridge git op runs anything the repository, its remote or the env names", async () => {
  const cwd = "repo";
  const ok: Record<string, () => Promise<unknown>> = {
    status: () => c.git.status({ cwd }),
    "write + status": async () => {
      for (const f of ["a.txt", "b.p", "c.inc", "d.g"])
        await c.fs.write({ path: `repo/${f}`, content: `${f} two\n` });
      return c.git.status({ cwd });
    },
    diff: () => c.git.diff({ cwd }),
    "diff path": () => c.git.diff({ cwd, path: "repo/a.txt" }),
    log: () => c.git.log({ cwd, n: 5 }),
    "log path": () => c.git.log({ cwd, path: "repo/a.txt" }),
    "branch list": () => c.git.branch({ cwd, action: "list" }),
    "branch create": () => c.git.branch({ cwd, action: "create", name: "side" }),
    commit: () => c.git.commit({ cwd, message: "agent change", author, all: true }),
    "diff staged": () => c.git.diff({ cwd, staged: true }),
    "checkout create": () => c.git.checkout({ cwd, ref: "topic", create: true }),
    "checkout back": () => c.git.checkout({ cwd, ref: "main" }),
    "checkout seed": () => c.git.checkout({ cwd, ref: "side" }),
    "checkout main": () => c.git.checkout({ cwd, ref: "main" }),
    push: () => c.git.push({ cwd }),
    fetch: () => c.git.fetch({ cwd }),
    clone: () => c.git.clone({ url: path.join(b.dir, "origin.git"), path: "cloned" }),
    "status in clone": () => c.git.status({ cwd: "cloned" }),
  };
  const refused: Record<string, () => Promise<unknown>> = {
    "status in an embedded bare repo": () => c.git.status({ cwd: "repo/vendor/lib.git" }),
  };
  // These remotes name programs of their own (ssh, git:// proxy, ext::) or ask for
  // credentials: failing is fine, running something is not.
  const mayFail: Record<string, () => Promise<unknown>> = {
    "fetch ssh": () => c.git.fetch({ cwd, remote: "viassh", timeoutMs: 20_000 }),
    "fetch git://": () => c.git.fetch({ cwd, remote: "viagit", timeoutMs: 20_000 }),
    "fetch ext::": () => c.git.fetch({ cwd, remote: "viaext", timeoutMs: 20_000 }),
    "fetch http, no credentials": () => c.git.fetch({ cwd, remote: "viaweb", timeoutMs: 20_000 }),
    "push http, no credentials": () => c.git.push({ cwd, remote: "viaweb", timeoutMs: 20_000 }),
    "clone http, no credentials": () => c.git.clone({ url: `${http.url}/origin.git`, path: "web" }),
    "log in an embedded bare repo": () => c.git.log({ cwd: "repo/vendor/lib.git" }),
  };
  const failures: string[] = [];
  const seen: string[] = [];
  for (const [name, op] of Object.entries({ ...ok, ...mayFail, ...refused })) {
    try {
      await op();
    } catch (e) {
      if (name in ok) failures.push(`${name}: ${(e as Error).message}`);
      continue;
    } finally {
      for (const m of await markers()) seen.push(`${m} (after ${name})`);
      await rm(marks, { recursive: true });
      await mkdir(marks);
    }
    if (name in refused) failures.push(`${name}: git used a repository it discovered, not one it was given`);
  }
  assert.deepEqual(seen, [], "programs named by the repository ran");
  assert.deepEqual(failures, [], "hardened git still has to work");
  // The bridge's GIT_TEMPLATE_DIR must not plant hooks in a new clone for the person's git later.
  const cloneHooks = await readdir(path.join(b.root, "cloned/.git/hooks")).catch(() => []);
  assert.ok(!cloneHooks.some((h) => HOOKS.includes(h)), String(cloneHooks));
  assert.equal(
    git(path.join(b.dir, "origin.git"), "log", "-1", "--format=%s", "main").trim(),
    "agent change",
  );
});
