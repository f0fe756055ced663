// Credentials handed to the bridge reach only the one http(s) origin of the call: a redirect
// to another host, or a repository config that could rewrite or intercept the connection,
// gets nothing. Fake remotes record every Authorization header. (Which origin may receive the
// token at all is the web's decision: web/server/agent/tools/git-push.test.ts.)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { type AuthRecorder, startAuthRecorder } from "../../scripts/testing/git-http.fixture";
import type { BridgeClient } from "../client/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";
import { type GitHttpServer, startGitHttp } from "./git-http.fixture";

const TOKEN = "tok_credTarget_5e1b";
const code = (e: unknown) => (e as { code?: string }).code;
let b: BridgeProcess;
let c: BridgeClient;
let good: GitHttpServer;
let evil: AuthRecorder;
let redirector: AuthRecorder;
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=S", "-c", "user.email=s@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });

before(async () => {
  b = await startBridgeProcess();
  c = await b.connect();
  git(b.dir, "init", "-q", "--bare", "-b", "main", "origin.git");
  const seed = path.join(b.dir, "seed");
  git(b.dir, "init", "-q", "-b", "main", seed);
  git(seed, "commit", "-q", "--allow-empty", "-m", "seed");
  git(seed, "push", "-q", path.join(b.dir, "origin.git"), "main");
  good = await startGitHttp(b.dir, "x-access-token", TOKEN);
  evil = await startAuthRecorder();
  redirector = await startAuthRecorder((res) =>
    res.writeHead(301, { Location: `${evil.url}/origin.git/info/refs?service=git-upload-pack` }).end(),
  );
});
after(async () => {
  await Promise.all([good?.close(), evil?.close(), redirector?.close()]);
  await b?.stop();
});

const credentials = { password: TOKEN };

test("credentials: a redirect to another host gets no answer from askpass", async () => {
  await assert.rejects(c.git.clone({ url: `${redirector.url}/origin.git`, path: "r1", credentials }));
  assert.ok(redirector.seen.length > 0 && evil.seen.length > 0, "the redirect was followed");
  assert.deepEqual([...redirector.seen, ...evil.seen].filter(Boolean), []);
});

test("credentials: repository config that can redirect or intercept makes the call refuse", async () => {
  const ok = await c.git.clone({ url: `${good.url}/origin.git`, path: "w", credentials });
  assert.equal(ok.branch, "main");
  const repo = path.join(b.root, "w");
  for (const [k, v] of [
    [`url.${evil.url}/.insteadOf`, `${good.url}/`],
    [`url.${evil.url}/.pushInsteadOf`, `${good.url}/`],
    ["http.proxy", evil.url],
    [`http.${good.url}/.sslVerify`, "false"],
    ["http.extraHeader", "X-Leak: 1"],
    ["core.gitProxy", "/bin/true"],
  ] as const) {
    git(repo, "config", k, v);
    const before = evil.seen.length;
    await assert.rejects(c.git.fetch({ cwd: "w", credentials }), (e) => code(e) === "EINVAL", k);
    await assert.rejects(
      c.git.push({ cwd: "w", url: `${good.url}/origin.git`, branch: "main", credentials }),
      (e) => code(e) === "EINVAL",
      k,
    );
    assert.equal(evil.seen.length, before, `${k}: the fake was contacted`);
    git(repo, "config", "--unset-all", k);
  }
  // Without such keys the same calls work, and the token went to the good host only.
  await c.git.fetch({ cwd: "w", credentials });
  assert.ok(good.seenAuth.includes(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`));
  assert.deepEqual(evil.seen.filter(Boolean), []);
});

test("credentials: only to http(s) URLs without userinfo", async () => {
  for (const url of [
    `file://${b.dir}/origin.git`,
    `ssh://git@127.0.0.1:1/x.git`,
    `http://u:p@127.0.0.1:1/x.git`,
  ]) {
    await assert.rejects(c.git.clone({ url, path: "n", credentials }), (e) => code(e) === "EINVAL", url);
  }
});
