// Operations through the real server and Docker: /api/healthz (all checks pass; a missing workspace
// image → 503 naming only the check), /metrics (404 without a configured token, 401 without or with
// a wrong bearer token, the metric names with it), a request id on every answer and log line, and
// the whole server log of a flow that handles every kind of secret scanned for each one of them.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { cleanupDocker, dockerAvailable, testRun } from "../../testing/docker.fixture";
import { type FakeGithub, startFakeGithub } from "../../testing/fake-github.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { assertNoSecrets, bridgeSecretOf, sessionTokensOf } from "../../testing/secrets.fixture";
import { startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { apiAs, createRunning, githubSignIn } from "../workspaces/api-test.fixture";
import { waitFor, workspaceTestEnv } from "../workspaces/test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const SERVER_KEY = `sk-or-v1-server${"c".repeat(48)}`;
const USER_KEY = `sk-or-v1-user${"d".repeat(48)}`;
let web: WebServer;
let broken: WebServer;
let fake: FakeGithub;
let openrouter: FakeOpenRouter;
let cookie = "";

before(async () => {
  if (!enabled) return;
  fake = await startFakeGithub();
  fake.addUser({ id: 7, login: "olga", name: "Olga", email: "olga@example.com" });
  openrouter = await startFakeOpenRouter();
  web = await startWebServer({
    ...workspaceTestEnv(run.labels),
    GITHUB_CLIENT_ID: fake.clientId,
    GITHUB_CLIENT_SECRET: fake.clientSecret,
    KALPANA_TEST_FAKE_GITHUB: fake.url,
    OPENROUTER_API_KEY: SERVER_KEY,
    OPENROUTER_BASE_URL: openrouter.baseURL,
    KALPANA_METRICS_TOKEN: METRICS_TOKEN,
    KALPANA_LOG_LEVEL: "debug", // the scan below reads every line the server can write
  });
  broken = await startWebServer({ ...workspaceTestEnv(run.labels), KALPANA_WORKSPACE_IMAGE: "missing:tag" });
  cookie = await githubSignIn(web.url, fake, "olga");
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await broken?.stop();
  await fake?.close();
  await openrouter?.close();
  cleanupDocker(run.id);
});

/** fetch() cannot send another Host header: a raw request can. */
function statusWithHost(base: string, p: string, host: string): Promise<number> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    request(
      {
        host: "127.0.0.1",
        port: u.port,
        path: p,
        headers: { host, authorization: `Bearer ${METRICS_TOKEN}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    )
      .on("error", reject)
      .end();
  });
}

const get = (base: string, p: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${p}`, { headers });

test("healthz: 200 with every check ok; a missing image → 503 naming only that check", {
  skip: !enabled,
}, async () => {
  const ok = await get(web.url, "/api/healthz");
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
  const body = await ok.json();
  assert.equal(body.status, "ok");
  assert.deepEqual(Object.keys(body.checks).sort(), ["database", "docker", "image"]);
  for (const c of Object.values(body.checks) as { ok: boolean }[]) assert.equal(c.ok, true);

  const bad = await get(broken.url, "/api/healthz");
  assert.equal(bad.status, 503);
  const text = await bad.text();
  const failing = JSON.parse(text);
  assert.equal(failing.status, "failing");
  assert.equal(failing.checks.image.ok, false);
  assert.equal(failing.checks.database.ok, true);
  assert.equal(failing.checks.docker.ok, true);
  // Unauthenticated: no image names, paths or versions in the answer; the reason is in the log.
  assert.ok(!/missing:tag|\/tmp|kalpana\.db|version/i.test(text), text);
  assert.match(broken.logs(), /health check image failed/);
});

test("metrics: 404 when no token is configured; 401 without or with a wrong token", {
  skip: !enabled,
}, async () => {
  assert.equal((await get(broken.url, "/metrics")).status, 404);
  assert.equal(
    (await get(broken.url, "/metrics", { authorization: "Bearer anything-at-all-here" })).status,
    404,
  );
  assert.equal((await get(web.url, "/metrics")).status, 401);
  assert.equal((await get(web.url, "/metrics", { authorization: `Bearer ${METRICS_TOKEN}x` })).status, 401);
  assert.equal((await get(web.url, "/metrics", { authorization: METRICS_TOKEN })).status, 401);
  // Not the app's host: a workspace origin (or any other Host) never answers it.
  assert.equal(await statusWithHost(web.url, "/metrics", "elsewhere.example.com"), 421);
});

test("a workspace flow with every kind of secret: metrics appear, no secret in the log", {
  skip: !enabled,
}, async () => {
  const api = apiAs(web.url, cookie);
  const put = await api("PUT", "/api/settings/provider-key", {
    apiKey: USER_KEY,
    defaultModel: "openai/gpt-5",
  });
  assert.equal(put.status, 200);
  await api("POST", "/api/settings/provider-key/test", {});
  const { id } = await createRunning(api, { name: "ops", template: "node" });
  const bridgeSecret = bridgeSecretOf(id);
  // Opening the IDE mints a grant and goes through the workspace origin.
  await get(web.url, `/w/${id}/ide`, { cookie });

  const scrape = await get(web.url, "/metrics", { authorization: `Bearer ${METRICS_TOKEN}` });
  assert.equal(scrape.status, 200);
  const text = await scrape.text();
  for (const name of [
    "kalpana_workspaces",
    "kalpana_workspace_start_phase_seconds",
    "kalpana_agent_tool_call_seconds",
    "kalpana_bridge_errors_total",
    "kalpana_http_request_duration_seconds",
  ]) {
    assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
  }
  assert.match(text, /^kalpana_workspaces\{status="RUNNING"\} 1$/m);
  assert.match(
    text,
    /^kalpana_http_request_duration_seconds_count\{route="api\/workspaces",method="POST",status="201"\} 1$/m,
  );

  assert.equal((await api("POST", `/api/workspaces/${id}/stop`, {})).status < 300, true);
  await waitFor(
    () => api("GET", `/api/workspaces/${id}`),
    (r) => r.json.workspace?.status === "STOPPED",
    60_000,
  );

  const logs = web.logs();
  assertNoSecrets(logs, {
    githubToken: fake.tokenFor("olga") ?? "",
    githubClientSecret: fake.clientSecret,
    serverKey: SERVER_KEY,
    userKey: USER_KEY,
    bridgeSecret,
    ...sessionTokensOf(cookie),
    metricsToken: METRICS_TOKEN,
  });
  // The lines are JSON with a level and a message; those of a request carry its id.
  const lines = logs.split("\n").filter((l) => l.startsWith("{"));
  assert.ok(lines.length > 5);
  for (const l of lines) {
    const j = JSON.parse(l);
    assert.ok(j.level && j.time && typeof j.msg === "string", l);
  }
  assert.ok(
    lines.some((l) => JSON.parse(l).requestId),
    "request lines carry a request id",
  );
});
