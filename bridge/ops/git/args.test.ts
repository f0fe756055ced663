import assert from "node:assert/strict";
import { test } from "node:test";
import { cloneArgs, commitArgs, fetchArgs, gitEnv, isLocalUrl, packProgram, pushArgs } from "./args";
import { parsed } from "./args.fixture";
import { neutralise } from "./repo-config";

const TOKEN = "ghp_SUPERSECRET123";
const creds = { username: "x-access-token", password: TOKEN };

test("git args: credentials never appear in argv, only in the child env", () => {
  const lists = [
    cloneArgs(parsed.clone({ url: "https://example.com/r.git", credentials: creds }), "/workspace"),
    pushArgs(parsed.push({ credentials: creds }), "main"),
    fetchArgs(parsed.fetch({ credentials: creds })),
  ];
  for (const argv of lists) {
    assert.ok(!argv.join(" ").includes(TOKEN), argv.join(" "));
    assert.ok(!argv.some((a) => a.includes("x-access-token")));
    // credential helpers are disabled so git cannot store what askpass answered
    assert.ok(argv.join(" ").includes("credential.helper="));
  }
  const env = gitEnv("/tmp/askpass.sh", creds);
  assert.equal(env.KALPANA_GIT_PASSWORD, TOKEN);
  assert.equal(env.GIT_TERMINAL_PROMPT, "0");
  assert.equal(gitEnv("/tmp/askpass.sh").KALPANA_GIT_PASSWORD, undefined);
});

test("git args: hooks disabled for commit and push unless asked", () => {
  const author = { name: "A", email: "a@example.com" };
  const commit = commitArgs({ author, allowEmpty: false, runHooks: false });
  assert.ok(commit.includes("core.hooksPath=/dev/null") && commit.includes("--no-verify"));
  assert.ok(commit.includes("--file=-"), "message goes via stdin");
  const push = pushArgs(parsed.push({}), "main");
  assert.ok(push.includes("core.hooksPath=/dev/null") && push.includes("--no-verify"));
  const withHooks = commitArgs({ author, allowEmpty: false, runHooks: true });
  assert.ok(!withHooks.includes("core.hooksPath=/dev/null") && !withHooks.includes("--no-verify"));
});

test("git args: user-supplied values come after `--` so they cannot become options", () => {
  const clone = cloneArgs(parsed.clone({ url: "https://example.com/r.git" }), "/w");
  assert.deepEqual(clone.slice(-3), ["--", "https://example.com/r.git", "/w"]);
  const push = pushArgs(parsed.push({ remote: "origin" }), "feature");
  assert.deepEqual(push.slice(-3), ["--", "origin", "feature"]);
});

test("git args: every program-naming key is overridden, per driver found in the repo's config", () => {
  const keys = [
    "filter.lfs.clean",
    "filter.Evil.process",
    "diff.pic.textconv",
    "merge.ours.driver",
    "pager.log",
    "core.bare",
    "user.name",
  ];
  const argv = neutralise(keys);
  const set = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    assert.equal(argv[i], "-c");
    const kv = argv[i + 1]!;
    set.set(kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1));
  }
  for (const [k, v] of [
    ["core.fsmonitor", "false"],
    ["core.pager", "cat"],
    ["core.editor", "true"],
    ["sequence.editor", "true"],
    ["core.sshCommand", "ssh -o BatchMode=yes"],
    ["credential.helper", ""],
    ["diff.external", ""],
    ["commit.gpgSign", "false"],
    ["log.showSignature", "false"],
    ["gpg.program", "false"],
    ["protocol.ext.allow", "never"],
    ["submodule.recurse", "false"],
    // a driver's every program key, with its subsection's case kept (drivers are case-sensitive)
    ["filter.lfs.clean", ""],
    ["filter.lfs.smudge", ""],
    ["filter.lfs.process", ""],
    ["filter.lfs.required", "false"],
    ["filter.Evil.process", ""],
    ["diff.pic.textconv", "cat"],
    ["diff.pic.command", ""],
    ["merge.ours.driver", "false"],
    ["pager.log", "false"],
  ])
    assert.equal(set.get(k!), v, k);
  assert.ok(!set.has("user.name") && !set.has("core.bare"));
});

test("git args: the other side's pack program cannot come from config; local ones run hook-free", () => {
  for (const url of ["/w/origin.git", "file:///w/o.git", "../o.git", "origin.git"]) {
    assert.ok(isLocalUrl(url), url);
    assert.match(packProgram("receive", url), /core\.hooksPath=\/dev\/null.*receive-pack$/);
  }
  for (const url of ["https://github.com/o/r.git", "ssh://git@h/r.git", "git@github.com:o/r.git"]) {
    assert.ok(!isLocalUrl(url), url);
    assert.equal(packProgram("upload", url), "git-upload-pack");
  }
  const push = pushArgs(parsed.push({}), "main", "origin", "/w/origin.git");
  assert.ok(push.some((a) => a.startsWith("--receive-pack=git -c core.hooksPath=/dev/null")));
  assert.ok(
    fetchArgs(parsed.fetch({}), "origin", "https://h/r.git").includes("--upload-pack=git-upload-pack"),
  );
  assert.ok(
    cloneArgs(parsed.clone({ url: "https://h/r.git" }), "/w").includes("--upload-pack=git-upload-pack"),
  );
});

test("git env: no system or global config, no pager/editor, credentials tied to one origin", () => {
  const env = gitEnv("/tmp/askpass.sh", { username: "u", password: TOKEN, origin: "https://github.com" });
  assert.equal(env.GIT_CONFIG_NOSYSTEM, "1");
  assert.equal(env.GIT_CONFIG_GLOBAL, "/dev/null");
  assert.equal(env.GIT_PAGER, "cat");
  assert.equal(env.KALPANA_GIT_ORIGIN, "https://github.com");
  assert.match(env.GIT_ALLOW_PROTOCOL ?? "", /^[a-z:]+$/);
  assert.ok(!env.GIT_ALLOW_PROTOCOL?.split(":").includes("ext"));
});
