// Where the person's token goes: only to the configured GitHub host (here: an allowed test host)
// over http(s). A repository whose origin, pushurl, insteadOf or pushInsteadOf points anywhere
// else gets a push without credentials, and the fake remote that records every Authorization
// header never sees the token. Real bridge process, real git, real HTTP servers.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { type AuthRecorder, startAuthRecorder } from "../../../../scripts/testing/git-http.fixture";
import { type GitServer, startGitServer } from "../../../testing/git-server.fixture";
import { approvalFor } from "../approval";
import { type HostBridge, startHostBridge } from "../host-bridge.fixture";
import { bridgePaths } from "../real-path";
import type { ToolContext } from "./context";
import { gitPushTool } from "./git-push";

const TOKEN = "ghp_pushTargetTest0123456789";
let hb: HostBridge;
let allowed: GitServer;
/** Every password the allowed server was sent. */
const allowedSaw: string[] = [];
let allowedUrl: string;
let evil: AuthRecorder;
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });

before(async () => {
  allowed = await startGitServer({
    gateway: "127.0.0.1",
    acceptToken: (t) => {
      allowedSaw.push(t);
      return t === TOKEN;
    },
  });
  allowed.addRepo({ owner: "o", name: "r", private: true, branches: { main: { "a.txt": "a\n" } } });
  allowedUrl = allowed.urlFor("o", "r");
  evil = await startAuthRecorder();
  process.env.KALPANA_ALLOWED_GIT_HOSTS = `127.0.0.1:${allowed.port}`;
  hb = await startHostBridge();
  git(hb.root, "checkout", "-q", "-b", "agent");
});
after(async () => {
  await hb?.stop();
  await allowed?.close();
  await evil?.close();
});

async function push(input: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const ctx: ToolContext = {
    workspaceId: "w",
    userId: "u",
    bridge: async () => hb.client,
    gitToken: async () => TOKEN,
    gitAuthor: { name: "A", email: "a@example.com" },
    audit: () => {},
    saveNixConfig: async () => {},
  };
  const parsed = { remote: "origin", setUpstream: false, forceWithLease: false, cwd: ".", ...input };
  const run = gitPushTool(ctx).execute as unknown as (
    i: unknown,
    o: unknown,
  ) => Promise<Record<string, unknown>>;
  return run(parsed, { toolCallId: "t", messages: [], context: {} });
}

const REDIRECTS = () => [
  "remote.origin.pushurl",
  `url.${evil.url}/.insteadof`,
  `url.${evil.url}/.pushinsteadof`,
];
function unset(key: string) {
  try {
    execFileSync("git", ["config", "--unset-all", key], { cwd: hb.root, stdio: "ignore" });
  } catch {
    // not set
  }
}

test("push target: redirected remotes get no token; the allowed host still does", async () => {
  const cases: [string, [string, string][]][] = [
    ["origin at the fake", [["remote.origin.url", `${evil.url}/o/r.git`]]],
    ["pushurl at the fake", [["remote.origin.pushurl", `${evil.url}/o/r.git`]]],
    ["insteadOf to the fake", [[`url.${evil.url}/.insteadOf`, `http://127.0.0.1:${allowed.port}/`]]],
    ["pushInsteadOf to the fake", [[`url.${evil.url}/.pushInsteadOf`, `http://127.0.0.1:${allowed.port}/`]]],
  ];
  git(hb.root, "remote", "add", "origin", allowedUrl);
  for (const [name, pairs] of cases) {
    for (const k of REDIRECTS()) unset(k);
    git(hb.root, "config", "remote.origin.url", allowedUrl);
    for (const [k, v] of pairs) git(hb.root, "config", k, v);
    const before = evil.seen.length;
    const r = await push({ branch: "agent" });
    // The tool result says why (the push itself fails: the fake wants credentials).
    assert.match(String(r.error ?? r.credentials), /token was not sent/, `${name}: ${JSON.stringify(r)}`);
    assert.ok(evil.seen.length > before, `${name}: the push never reached the fake`);
    assert.deepEqual(evil.seen.filter(Boolean), [], `${name}: the fake was sent credentials`);
  }
  assert.equal(allowedSaw.length, 0, "the redirected pushes reached the allowed host");
  for (const k of REDIRECTS()) unset(k);
  git(hb.root, "config", "remote.origin.url", allowedUrl);
  const ok = await push({ branch: "agent" });
  assert.equal(ok.error, undefined, JSON.stringify(ok));
  assert.equal(ok.url, allowedUrl);
  assert.ok(allowedSaw.includes(TOKEN), "the allowed host got the token");
  assert.deepEqual(evil.seen.filter(Boolean), []);
});

test("push approval: the card names the exact URL and branch, and whether the token goes", async () => {
  const paths = bridgePaths(async () => hb.client);
  const reason = async () => {
    const a = await approvalFor("ask", "gitPush", { remote: "origin" }, paths);
    return typeof a === "object" && a.type === "user-approval" ? String(a.reason) : "";
  };
  git(hb.root, "config", "remote.origin.url", allowedUrl);
  assert.equal(await reason(), `Push agent to ${allowedUrl} with your GitHub credentials?`);
  git(hb.root, "config", "remote.origin.pushurl", `${evil.url}/o/r.git`);
  assert.match(await reason(), new RegExp(`^Push agent to ${evil.url}/o/r\\.git without credentials`));
  unset("remote.origin.pushurl");
});
