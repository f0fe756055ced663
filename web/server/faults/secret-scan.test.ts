// No secret in the server's log, over a whole workspace's life with every kind of secret at work: a
// GitHub sign-in (fake GitHub), a private repository cloned with the user's token (a real git server
// that accepts only that token), an agent chat on the user's own OpenRouter key (the fake OpenRouter,
// which records the key it received, so the key was really used) running tools that print the
// bridge secret's file name and the git remote, a stop, and a fault (a shutdown). Debug level: every
// line the server can write. Each secret is looked for raw, URL-encoded and base64-encoded.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  bridgeGateway,
  cleanupDocker,
  dockerAvailable,
  dockerCli,
  testRun,
} from "../../testing/docker.fixture";
import { type FakeGithub, startFakeGithub } from "../../testing/fake-github.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { type GitServer, startGitServer } from "../../testing/git-server.fixture";
import { assertNoSecrets, bridgeSecretOf, sessionTokensOf } from "../../testing/secrets.fixture";
import { startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { readChatResponse } from "../agent/sse.fixture";
import { apiAs, createRunning, githubSignIn } from "../workspaces/api-test.fixture";
import { waitFor, workspaceTestEnv } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-secrets-"));
const USER_KEY = `sk-or-v1-byo${randomBytes(24).toString("hex")}`;
const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const AUTH_SECRET = randomBytes(32).toString("hex");
let fake: FakeGithub;
let git: GitServer;
let openrouter: FakeOpenRouter;
let web: WebServer;
let cookie = "";

before(async () => {
  if (!enabled) return;
  fake = await startFakeGithub();
  fake.addUser({ id: 11, login: "sam", name: "Sam", email: "sam@example.com" });
  git = await startGitServer({ gateway: bridgeGateway(), acceptToken: (t) => t === fake.tokenFor("sam") });
  git.addRepo({ owner: "sam", name: "private", private: true, branches: { main: { "README.md": "hi" } } });
  openrouter = await startFakeOpenRouter();
  web = await startWebServer({
    ...workspaceTestEnv(run.labels),
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    GITHUB_CLIENT_ID: fake.clientId,
    GITHUB_CLIENT_SECRET: fake.clientSecret,
    KALPANA_TEST_FAKE_GITHUB: fake.url,
    KALPANA_ALLOWED_GIT_HOSTS: `${bridgeGateway()}:${git.port}`,
    OPENROUTER_BASE_URL: openrouter.baseURL, // no server key: the user's own key is the only one
    KALPANA_MODELS: "openai/gpt-5",
    KALPANA_ENCRYPTION_KEY: ENCRYPTION_KEY,
    BETTER_AUTH_SECRET: AUTH_SECRET,
    KALPANA_LOG_LEVEL: "debug",
  });
  cookie = await githubSignIn(web.url, fake, "sam");
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await git?.close();
  await fake?.close();
  await openrouter?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

test("clone with a token, chat on a BYO key, stop, shut down: no secret of the run in the server log", {
  skip: !enabled,
}, async () => {
  const api = apiAs(web.url, cookie);
  assert.equal(
    (await api("PUT", "/api/settings/provider-key", { apiKey: USER_KEY, defaultModel: "openai/gpt-5" }))
      .status,
    200,
  );
  const { id } = await createRunning(api, {
    name: "secrets",
    template: "node",
    repoUrl: git.urlFor("sam", "private"),
  });
  assert.equal(dockerCli("exec", `kalpana-ws-${id}`, "cat", "/workspace/README.md"), "hi"); // the clone ran
  const bridgeSecret = bridgeSecretOf(id);

  const thread = (await api("POST", `/api/workspaces/${id}/threads`, {})).json.thread.id as string;
  openrouter.script(
    { toolCalls: [{ name: "runCommand", args: { command: "git remote -v; ls /etc/kalpana" } }] },
    { toolCalls: [{ name: "writeFile", args: { path: "notes.txt", content: "agent was here\n" } }] },
    { text: "Done." },
  );
  const res = await fetch(`${web.url}/api/workspaces/${id}/chat`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: web.url },
    body: JSON.stringify({
      threadId: thread,
      model: "openai/gpt-5",
      approvalMode: "auto",
      message: { id: "m-1", role: "user", parts: [{ type: "text", text: "look around" }] },
    }),
  });
  assert.equal(res.status, 200);
  const { message } = await readChatResponse(res);
  assert.ok(message?.parts.some((p) => p.type === "tool-writeFile"));
  assert.equal(openrouter.requests.at(-1)?.authorization, `Bearer ${USER_KEY}`); // the BYO key was used

  assert.ok((await api("POST", `/api/workspaces/${id}/stop`, {})).status < 300);
  await waitFor(
    () => api("GET", `/api/workspaces/${id}`),
    (r) => r.json.workspace?.status === "STOPPED",
    60_000,
  );
  await web.stop(); // the shutdown's own lines count too

  const logs = web.logs();
  const { sessionToken } = sessionTokensOf(cookie);
  const secrets: Record<string, string> = {
    bridgeSecret,
    githubToken: fake.tokenFor("sam") ?? "",
    githubClientSecret: fake.clientSecret,
    apiKey: USER_KEY,
    sessionToken,
    encryptionKey: ENCRYPTION_KEY,
    authSecret: AUTH_SECRET,
  };
  assert.ok(logs.includes("workspace running") && logs.includes("workspace stopped"), "the log is complete");
  assertNoSecrets(logs, secrets);
});
