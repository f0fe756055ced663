// Terminal git's credentials, from the container's side: a real git push run the way a person's
// terminal runs it (git's own credential machinery calling the helper program) against a real
// bridge process whose relay forwards the ask to the web server's connection. The token reaches
// the right server through that path only: a foreign host, a missing provider, a wrong key or a
// malformed answer get nothing, and nothing the token passes through keeps it on disk. (Which
// host, session and status may receive it is the web server's decision:
// web/server/git-credentials/answer.test.ts and terminal-push.test.ts.)
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type AuthRecorder, startAuthRecorder } from "../../scripts/testing/git-http.fixture";
import { type BridgeClient, connectBridge } from "../client/index";
import { CREDENTIAL_KEY_HEADER, type GitCredentialAnswer, type GitCredentialAsk } from "../protocol/index";
import { type BridgeProcess, startBridgeProcess } from "./bridge.fixture";
import { type GitHttpServer, startGitHttp } from "./git-http.fixture";

const here = path.dirname(fileURLToPath(import.meta.url));
const TOKEN = "ghp_terminalRelay_7c41d2";
let b: BridgeProcess;
let good: GitHttpServer;
let evil: AuthRecorder;
let credDir: string;
let provider: BridgeClient | null = null;
const asks: GitCredentialAsk[] = [];
let answer: (ask: GitCredentialAsk) => Promise<GitCredentialAnswer>;

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=S", "-c", "user.email=s@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });
// As the image configures it (/etc/gitconfig), with this test's bridge source instead of the bundle.
// (git runs it in the repository, where `--import tsx` would not resolve: give tsx's own file.)
const tsx = import.meta.resolve("tsx");
const helper = `!"${process.execPath}" --import "${tsx}" "${path.join(here, "main.ts")}" git-credential`;
/** A push as a person's terminal makes it: the configured helper, no askpass, no prompt. */
function terminalPush(url: string): Promise<{ ok: boolean; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KALPANA_GIT_CREDENTIAL_DIR: credDir,
    GIT_TERMINAL_PROMPT: "0",
  };
  delete env.GIT_ASKPASS;
  delete env.SSH_ASKPASS;
  return promisify(execFile)(
    "git",
    ["-c", "credential.helper=", "-c", `credential.helper=${helper}`, "push", url, "HEAD:refs/heads/pushed"],
    { cwd: path.join(b.dir, "work"), env, encoding: "utf8" },
  ).then(
    (r) => ({ ok: true, stderr: r.stderr }),
    (e: { stderr?: string }) => ({ ok: false, stderr: e.stderr ?? "" }),
  );
}

let tmp: string;

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "kalpana-gitcred-"));
  credDir = path.join(tmp, "relay");
  b = await startBridgeProcess({ KALPANA_GIT_CREDENTIAL_DIR: credDir });
  git(b.dir, "init", "-q", "--bare", "-b", "main", "origin.git");
  const work = path.join(b.dir, "work");
  git(b.dir, "init", "-q", "-b", "main", work);
  git(work, "commit", "-q", "--allow-empty", "-m", "seed");
  good = await startGitHttp(b.dir, "x-access-token", TOKEN);
  evil = await startAuthRecorder();
  answer = async (ask) =>
    ask.host === new URL(good.url).host ? { username: "x-access-token", password: TOKEN } : null;
  provider = await connectBridge(b.url, b.secret, {
    onGitCredential: (ask) => {
      asks.push(ask);
      return answer(ask);
    },
  });
});
after(async () => {
  provider?.close();
  await Promise.all([good?.close(), evil?.close()]);
  await b?.stop();
  await rm(tmp, { recursive: true, force: true });
});

/** Every file below `dir` (the relay folder, the repositories) as text. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), "latin1"));
}

test("relay: a terminal push to the answered host gets the token through the helper, and only there", async () => {
  const pushed = await terminalPush(`${good.url}/origin.git`);
  assert.ok(pushed.ok, pushed.stderr);
  assert.equal(
    git(path.join(b.dir, "origin.git"), "rev-parse", "pushed"),
    git(path.join(b.dir, "work"), "rev-parse", "HEAD"),
  );
  assert.ok(good.seenAuth.includes(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`));
  assert.deepEqual(asks.at(-1), { protocol: "http", host: new URL(good.url).host });

  const before = asks.length;
  const foreign = await terminalPush(`${evil.url}/o/r.git`);
  assert.equal(foreign.ok, false);
  assert.ok(evil.seen.length > 0, "git reached the foreign host");
  assert.deepEqual(evil.seen.filter(Boolean), [], "the foreign host was sent credentials");
  assert.equal(asks.length, before + 1, "the ask went to the provider, which answered nothing");
  assert.equal(asks.at(-1)?.host, new URL(evil.url).host);

  // Nothing on disk kept it: not the relay folder (key + socket), not the repositories.
  for (const text of [...filesBelow(credDir), ...filesBelow(b.dir)]) assert.ok(!text.includes(TOKEN));
  assert.equal(statSync(credDir).mode & 0o777, 0o700);
  assert.equal(statSync(path.join(credDir, "credential.sock")).mode & 0o777, 0o600);
  assert.ok(!b.logs().includes(TOKEN), "the bridge logged the token");
});

function rawAsk(key: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: path.join(credDir, "credential.sock"),
        method: "POST",
        path: "/get",
        headers: { [CREDENTIAL_KEY_HEADER]: key },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(typeof body === "string" ? body : JSON.stringify(body));
  });
}

test("relay: a wrong key, a malformed ask or a malformed answer get nothing", async () => {
  const key = readFileSync(path.join(credDir, "key"), "utf8");
  const ask = { protocol: "http", host: new URL(good.url).host };
  const before = asks.length;
  assert.equal((await rawAsk("not-the-key-0123456789", ask)).status, 401);
  assert.equal((await rawAsk(b.secret, ask)).status, 401, "the bridge secret is not the relay key");
  for (const bad of [
    { protocol: "ssh", host: "h" },
    { protocol: "http", host: "h/x" },
    { ...ask, path: "a\nb" },
    "{",
  ])
    assert.equal((await rawAsk(key, bad)).status, 400, JSON.stringify(bad));
  assert.equal(asks.length, before, "refused asks reached the provider");
  const ok = await rawAsk(key, ask);
  assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { username: "x-access-token", password: TOKEN }]);

  const saved = answer;
  try {
    for (const bad of [{ username: "u\npassword=x", password: "p" }, { username: "u" }, "token"]) {
      answer = async () => bad as never;
      const r = await rawAsk(key, ask);
      assert.deepEqual([r.status, r.body], [200, "null"], JSON.stringify(bad));
    }
  } finally {
    answer = saved;
  }
});

test("relay: with no web connection that answers asks, a push gets nothing and fails at once", async () => {
  provider?.close();
  provider = null;
  // A plain client (the agent's, a start's) does not answer asks: the bridge must not wait on it.
  const plain = await b.connect();
  try {
    const started = Date.now();
    const pushed = await terminalPush(`${good.url}/origin.git`);
    assert.equal(pushed.ok, false);
    assert.match(pushed.stderr, /Authentication failed|could not read Username|terminal prompts disabled/i);
    assert.ok(Date.now() - started < 10_000, "the helper waited for an answer nobody gives");
  } finally {
    plain.close();
  }
});
