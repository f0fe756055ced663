import assert from "node:assert/strict";
import { test } from "node:test";
import { cloneArgs, commitArgs, fetchArgs, gitEnv, pushArgs } from "./args";
import { parsed } from "./args.fixture";

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
