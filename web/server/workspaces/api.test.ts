// The workspace API, IDE proxy and socket rooms through the real web server and Docker: clones from
// a local git server (public, private with the user's GitHub token, wrong token), quotas, bad input,
// another user's workspace (404 everywhere), the proxy (HTTP, port preview, WebSocket) and a restart
// of the web server while workspaces run.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { io as ioClient } from "socket.io-client";
import {
  bridgeGateway,
  cleanupDocker,
  dockerAvailable,
  dockerCli,
  testRun,
} from "../../testing/docker.fixture";
import { type FakeGithub, startFakeGithub } from "../../testing/fake-github.fixture";
import { type GitServer, startGitServer } from "../../testing/git-server.fixture";
import { localSignUp, startWebServer, type WebServer } from "../../testing/web-server.fixture";
import { type Api, apiAs, githubSignIn, previewServerScript, upgradeStatus } from "./api-test.fixture";
import { waitFor, workspaceTestEnv } from "./test-env.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const run = testRun();
const dataDir = mkdtempSync(path.join(tmpdir(), "kalpana-ws-api-"));
let fake: FakeGithub;
let git: GitServer;
let web: WebServer;
let env: Record<string, string>;
const cookies: Record<"alice" | "mallory" | "bob", string> = { alice: "", mallory: "", bob: "" };
const api = (who: keyof typeof cookies): Api => apiAs(web.url, cookies[who]);
const ids = { pub: "", priv: "", bob: "" };

async function untilSettled(who: keyof typeof cookies, id: string) {
  const res = await waitFor(
    () => api(who)("GET", `/api/workspaces/${id}`),
    (r) => ["RUNNING", "ERROR", "STOPPED"].includes(r.json.workspace?.status),
    150_000,
  );
  return res.json.workspace;
}
const headOf = (id: string) =>
  dockerCli("exec", `kalpana-ws-${id}`, "git", "-C", "/workspace", "rev-parse", "--abbrev-ref", "HEAD");

before(async () => {
  if (!enabled) return;
  fake = await startFakeGithub();
  fake.addUser({ id: 1, login: "alice", name: "Alice", email: "alice@example.com" });
  fake.addUser({ id: 2, login: "mallory", name: "Mallory", email: "mallory@example.com" });
  // Only alice's token opens alice's private repository: "the token the fake issued is what git accepts".
  git = await startGitServer({ gateway: bridgeGateway(), acceptToken: (t) => t === fake.tokenFor("alice") });
  git.addRepo({
    owner: "alice",
    name: "public",
    branches: { main: { "README.md": "main" }, feature: { "feature.txt": "f" } },
  });
  git.addRepo({ owner: "alice", name: "secret", private: true, branches: { main: { "SECRET.md": "s" } } });
  env = {
    ...workspaceTestEnv(run.labels),
    KALPANA_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "kalpana.db")}`,
    GITHUB_CLIENT_ID: fake.clientId,
    GITHUB_CLIENT_SECRET: fake.clientSecret,
    KALPANA_TEST_FAKE_GITHUB: fake.url,
    KALPANA_LOCAL_SIGNIN: "1",
    KALPANA_ALLOWED_GIT_HOSTS: `${bridgeGateway()}:${git.port}`,
    KALPANA_MAX_RUNNING_PER_USER: "2",
    KALPANA_MAX_RUNNING_TOTAL: "3",
  };
  web = await startWebServer(env);
  cookies.alice = await githubSignIn(web.url, fake, "alice");
  cookies.mallory = await githubSignIn(web.url, fake, "mallory");
  cookies.bob = await localSignUp(web.url, "bob@example.com");
});

after(async () => {
  if (!enabled) return;
  await web?.stop();
  await git?.close();
  await fake?.close();
  cleanupDocker(run.id);
  rmSync(dataDir, { recursive: true, force: true });
});

test("bad input → 400/404 with a message; signed out → 401", { skip: !enabled }, async () => {
  const bad: [unknown, RegExp][] = [
    [{ name: "x", template: "nope" }, /unknown template/],
    [{ name: "x", template: "node", repoUrl: "https://evil.example.com/a/b" }, /only repositories on/],
    [{ name: "x", template: "node", repoUrl: "not a url" }, /repoUrl/],
    [{ name: "bad/name!", template: "node" }, /name may use/],
    [{ name: "a".repeat(41), template: "node" }, /at most 40/],
    [{ name: "x", template: "node", branch: "-rf" }, /branch/],
    [{ name: "x", template: "node", branch: "a..b" }, /branch/],
    [{ name: "x", nixConfig: "x".repeat(64 * 1024 + 1), nixConfigKind: "flake" }, /64 KiB/],
    [{ name: "x", nixConfig: "{}" }, /nixConfigKind/],
    [{ name: "x" }, /template/],
    [{ name: "x", template: "node", memoryMb: 1_000_000 }, /memoryMb/],
  ];
  for (const [body, message] of bad) {
    const res = await api("alice")("POST", "/api/workspaces", body);
    assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
    assert.match(res.json.error.message, message);
  }
  assert.equal((await api("alice")("GET", "/api/workspaces/unknown-id")).status, 404);
  assert.equal((await apiAs(web.url, null)("GET", "/api/workspaces")).status, 401);
  const templates = await api("alice")("GET", "/api/templates");
  assert.ok(templates.json.templates.some((t: { id: string }) => t.id === "node"));
});

test("clone: wrong token → ERROR with a clear log; public branch; private with the user's token", {
  skip: !enabled,
}, async () => {
  const wrong = await api("mallory")("POST", "/api/workspaces", {
    name: "steal",
    template: "node",
    repoUrl: git.urlFor("alice", "secret"),
  });
  assert.equal(wrong.status, 201);
  const failed = await untilSettled("mallory", wrong.json.workspace.id);
  assert.equal(failed.status, "ERROR");
  assert.equal(failed.phase, "clone");
  assert.match(failed.statusMessage, /Cloning the repository failed/);
  const logs = await api("mallory")("GET", `/api/workspaces/${wrong.json.workspace.id}/logs`);
  const clone = logs.json.phases.find((p: { phase: string }) => p.phase === "clone");
  assert.equal(clone.status, "error");
  assert.ok(clone.lines.some((l: string) => /error/i.test(l)));

  const pub = await api("alice")("POST", "/api/workspaces", {
    name: "public",
    template: "node",
    repoUrl: git.urlFor("alice", "public"),
    branch: "feature",
  });
  const priv = await api("alice")("POST", "/api/workspaces", {
    name: "private",
    template: "node",
    repoUrl: git.urlFor("alice", "secret"),
  });
  ids.pub = pub.json.workspace.id;
  ids.priv = priv.json.workspace.id;
  assert.equal((await untilSettled("alice", ids.pub)).status, "RUNNING");
  assert.equal((await untilSettled("alice", ids.priv)).status, "RUNNING");
  assert.equal(headOf(ids.pub), "feature");
  assert.equal(dockerCli("exec", `kalpana-ws-${ids.priv}`, "cat", "/workspace/SECRET.md"), "s");
  // The token never lands in the repository config, env or labels.
  const token = fake.tokenFor("alice") ?? "";
  assert.ok(!dockerCli("exec", `kalpana-ws-${ids.priv}`, "cat", "/workspace/.git/config").includes(token));
  assert.ok(!dockerCli("inspect", `kalpana-ws-${ids.priv}`).includes(token));
});

test("quotas: 409 per user, 429 for the server", { skip: !enabled }, async () => {
  const dup = await api("alice")("POST", "/api/workspaces", { name: "public", template: "node" });
  assert.equal(dup.status, 409);
  assert.match(dup.json.error.message, /already have a workspace named/);
  const third = await api("alice")("POST", "/api/workspaces", { name: "third", template: "node" });
  assert.equal(third.status, 409);
  assert.match(third.json.error.message, /limit is 2/);
  const b1 = await api("bob")("POST", "/api/workspaces", { name: "bob one", template: "node" });
  assert.equal(b1.status, 201);
  ids.bob = b1.json.workspace.id;
  const b2 = await api("bob")("POST", "/api/workspaces", { name: "bob two", template: "node" });
  assert.equal(b2.status, 429);
  await untilSettled("bob", ids.bob);
  const stop = await api("bob")("POST", `/api/workspaces/${ids.bob}/stop`);
  assert.equal(stop.status, 202);
});

test("another user's workspace is 404 on every route, the proxy and the socket room", {
  skip: !enabled,
}, async () => {
  const id = ids.pub;
  const bob = api("bob");
  for (const [method, p] of [
    ["GET", ""],
    ["POST", "/start"],
    ["POST", "/stop"],
    ["POST", "/restart"],
    ["GET", "/logs"],
  ] as const) {
    assert.equal((await bob(method, `/api/workspaces/${id}${p}`)).status, 404, `${method} ${p}`);
  }
  assert.equal((await bob("DELETE", `/api/workspaces/${id}`, { confirmName: "public" })).status, 404);
  const ide = await fetch(`${web.url}/w/${id}/ide/`, {
    headers: { cookie: cookies.bob },
    redirect: "manual",
  });
  assert.equal(ide.status, 404);
  assert.equal((await upgradeStatus(web.url, `/w/${id}/ide/proxy/5005/`, cookies.bob)).status, 404);
  assert.equal((await upgradeStatus(web.url, `/w/${id}/ide/proxy/5005/`, null)).status, 401);

  const join = async (who: keyof typeof cookies) => {
    const s = ioClient(web.url, {
      path: "/socket.io/",
      transports: ["websocket"],
      extraHeaders: { cookie: cookies[who] },
    });
    const ack = await s.timeout(10_000).emitWithAck("workspace:join", { id });
    return { s, ack };
  };
  const b = await join("bob");
  assert.deepEqual(b.ack, { ok: false, error: "not found" });
  b.s.close();
  const a = await join("alice");
  assert.deepEqual(a.ack, { ok: true });
  a.s.close();
});

test("IDE proxy: code-server page, port preview over HTTP and WebSocket, sign-in redirect", {
  skip: !enabled,
}, async () => {
  const id = ids.pub;
  const get = (p: string, cookie: string | null, accept = "text/html") =>
    fetch(`${web.url}${p}`, { headers: { accept, ...(cookie ? { cookie } : {}) }, redirect: "manual" });
  const bare = await get(`/w/${id}/ide`, cookies.alice);
  assert.equal(bare.status, 302);
  assert.equal(bare.headers.get("location"), `/w/${id}/ide/`);
  const signedOut = await get(`/w/${id}/ide/`, null);
  assert.equal(signedOut.status, 302);
  assert.match(signedOut.headers.get("location") ?? "", /^\/sign-in/);
  assert.equal((await get(`/w/${id}/ide/`, null, "application/json")).status, 401);

  let page = await get(`/w/${id}/ide/`, cookies.alice);
  if (page.status === 302)
    page = await get(`/w/${id}/ide/${page.headers.get("location")?.replace(/^\.\//, "")}`, cookies.alice);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /vscode|code-server|workbench/i);

  dockerCli("exec", "-d", `kalpana-ws-${id}`, "node", "-e", previewServerScript);
  const preview = await waitFor(
    () =>
      get(`/w/${id}/ide/proxy/5005/hello`, cookies.alice).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      })),
    (r) => r.status === 200,
    15_000,
  );
  assert.equal(preview.text, "hello-preview /hello");
  const ws = await upgradeStatus(web.url, `/w/${id}/ide/proxy/5005/socket`, cookies.alice);
  assert.equal(ws.status, 101);
  assert.equal(ws.echo, "echo:ping-through-proxy");
});

test("web server restart keeps RUNNING workspaces; stop shows the starting page; delete needs the name", {
  skip: !enabled,
}, async () => {
  await web.stop();
  web = await startWebServer(env);
  const w = await api("alice")("GET", `/api/workspaces/${ids.pub}`);
  assert.equal(w.json.workspace.status, "RUNNING");
  const page = await fetch(`${web.url}/w/${ids.pub}/ide/proxy/5005/after-restart`, {
    headers: { cookie: cookies.alice },
  });
  assert.equal(await page.text(), "hello-preview /after-restart");

  // Live status over the socket room: the stop is pushed as it happens.
  const sock = ioClient(web.url, {
    path: "/socket.io/",
    transports: ["websocket"],
    extraHeaders: { cookie: cookies.alice },
  });
  assert.deepEqual(await sock.timeout(10_000).emitWithAck("workspace:join", { id: ids.priv }), { ok: true });
  const seen: string[] = [];
  const stoppedEvent = new Promise<void>((resolve) =>
    sock.on("workspace:status", (e: { id: string; status: string }) => {
      seen.push(e.status);
      if (e.id === ids.priv && e.status === "STOPPED") resolve();
    }),
  );
  assert.equal((await api("alice")("POST", `/api/workspaces/${ids.priv}/stop`)).status, 202);
  await stoppedEvent;
  sock.close();
  assert.deepEqual(seen, ["STOPPING", "STOPPED"]);
  await waitFor(
    () => api("alice")("GET", `/api/workspaces/${ids.priv}`),
    (r) => r.json.workspace.status === "STOPPED",
    30_000,
  );
  const starting = await fetch(`${web.url}/w/${ids.priv}/ide/`, {
    headers: { cookie: cookies.alice, accept: "text/html" },
  });
  assert.equal(starting.status, 503);
  assert.match(await starting.text(), /http-equiv="refresh"/);

  assert.equal(
    (await api("alice")("DELETE", `/api/workspaces/${ids.priv}`, { confirmName: "wrong" })).status,
    400,
  );
  assert.equal(
    (await api("alice")("DELETE", `/api/workspaces/${ids.priv}`, { confirmName: "private" })).status,
    200,
  );
  assert.equal((await api("alice")("GET", `/api/workspaces/${ids.priv}`)).status, 404);
  assert.equal(dockerCli("ps", "-aq", "--filter", `label=kalpana.workspace=${ids.priv}`), "");
});
