// The workspace API, IDE proxy and socket rooms through the real web server and Docker: clones from
// a local git server (public, private with the user's GitHub token, wrong token), quotas, bad input,
// another user's workspace (404 everywhere), the proxy (HTTP, port preview, WebSocket) and a restart
// of the web server while workspaces run.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
import { mintGrant } from "../proxy/grants";
import {
  type Api,
  apiAs,
  githubSignIn,
  openWorkspaceOrigin,
  previewServerScript,
  upgradeStatus,
  type WorkspaceOrigin,
} from "./api-test.fixture";
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
  for (const route of [`/w/${id}/ide`, `/w/${id}/ide/`, `/w/${id}/preview/5005`]) {
    const open = await fetch(`${web.url}${route}`, { headers: { cookie: cookies.bob }, redirect: "manual" });
    assert.equal(open.status, 404, route);
  }
  // On the workspace's own origins the app's session means nothing: bob's cookie opens nothing.
  const ideOrigin = ideOriginOf(id);
  for (const origin of [ideOrigin, previewOriginOf(id, 5005)]) {
    const page = await fetch(`${origin}/`, { headers: { cookie: cookies.bob, accept: "application/json" } });
    assert.equal(page.status, 401, origin);
    assert.equal((await upgradeStatus(origin, "/", cookies.bob)).status, 401);
    assert.equal((await upgradeStatus(origin, "/", null)).status, 401);
  }

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

const port = () => new URL(web.url).port;
const ideOriginOf = (id: string) => `http://${id}.kalpana.localhost:${port()}`;
const previewOriginOf = (id: string, p: number) => `http://${p}--${id}.kalpana.localhost:${port()}`;
const getAt = (url: string, cookie: string | null, accept = "text/html") =>
  fetch(url, { headers: { accept, ...(cookie ? { cookie } : {}) }, redirect: "manual" });
let alicePreview: WorkspaceOrigin;
let alicePrivIde: WorkspaceOrigin;

test("IDE origin: the app's grant redirect, one-time grants, code-server through the bridge", {
  skip: !enabled,
}, async () => {
  const id = ids.pub;
  const signedOut = await getAt(`${web.url}/w/${id}/ide`, null);
  assert.equal(signedOut.status, 302);
  assert.match(signedOut.headers.get("location") ?? "", /^\/sign-in\?next=/);

  const ide = await openWorkspaceOrigin(web.url, cookies.alice, id);
  assert.equal(ide.origin, ideOriginOf(id));
  assert.match(ide.cookie, /^__Host-kalpana-ws=/);
  // Replayed, or used for another workspace: refused.
  assert.equal((await fetch(ide.grantUrl, { redirect: "manual" })).status, 403, "replayed grant");
  const other = await fetch(`${web.url}/w/${ids.priv}/ide`, {
    headers: { cookie: cookies.alice },
    redirect: "manual",
  });
  const otherGrant = new URL(other.headers.get("location") ?? "");
  const misused = await fetch(`${ide.origin}${otherGrant.pathname}${otherGrant.search}`, {
    redirect: "manual",
  });
  assert.equal(misused.status, 403, "a grant for another workspace");
  // Expired: signed with the server's real key, but a minute too old.
  const secret = readFileSync(path.join(dataDir, "auth-secret"), "utf8").trim();
  const old = mintGrant(
    secret,
    { sessionId: "x", userId: "y" },
    { workspaceId: id, port: 0 },
    Date.now() - 61_000,
  );
  assert.equal(
    (await fetch(`${ide.origin}/__kalpana/auth?grant=${old}`, { redirect: "manual" })).status,
    403,
  );
  // A grant whose session does not exist (forged ids, real key, fresh): refused too.
  const ghost = mintGrant(secret, { sessionId: "x", userId: "y" }, { workspaceId: id, port: 0 });
  assert.equal(
    (await fetch(`${ide.origin}/__kalpana/auth?grant=${ghost}`, { redirect: "manual" })).status,
    403,
  );
  // Sec-Fetch-Site: a page on another site (or a sibling workspace origin) gets no grant.
  const crossSite = await fetch(`${web.url}/w/${id}/ide`, {
    headers: { cookie: cookies.alice, "sec-fetch-site": "same-site" },
    redirect: "manual",
  });
  assert.equal(crossSite.status, 403);

  // Without the access cookie: pages go back to the app for a grant; anything else is 401.
  const bare = await getAt(`${ide.origin}/`, null);
  assert.equal(bare.status, 302);
  assert.equal(bare.headers.get("location"), `${web.url}/w/${id}/ide?next=%2F`);
  assert.equal((await getAt(`${ide.origin}/`, null, "application/json")).status, 401);
  assert.equal(
    (await getAt(`${ide.origin}/`, "__Host-kalpana-ws=forged.token", "application/json")).status,
    401,
  );

  let page = await getAt(`${ide.origin}/`, ide.cookie);
  if (page.status === 302)
    page = await getAt(new URL(page.headers.get("location") ?? "/", `${ide.origin}/`).toString(), ide.cookie);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-security-policy") ?? "", new RegExp(`frame-ancestors ${web.url}`));
  assert.match(await page.text(), /vscode|code-server|workbench/i);
  // The IDE's own WebSocket: only from its own origin.
  const fromElsewhere = await upgradeStatus(ide.origin, "/", ide.cookie, previewOriginOf(id, 5005));
  assert.equal(fromElsewhere.status, 403);

  // code-server's own /proxy/<port>/ would serve a dev server on the IDE's origin: sent to the preview.
  const viaIde = await getAt(`${ide.origin}/proxy/5005/hello?x=1`, ide.cookie);
  assert.equal(viaIde.status, 302);
  assert.equal(
    viaIde.headers.get("location"),
    `${web.url}/w/${id}/preview/5005?next=${encodeURIComponent("/hello?x=1")}`,
  );

  alicePrivIde = await openWorkspaceOrigin(web.url, cookies.alice, ids.priv);
  const audit = await api("alice")("GET", `/api/workspaces/${id}/audit`);
  assert.ok(
    audit.json.events.some((e: { action: string }) => e.action === "ide.open"),
    JSON.stringify(audit.json.events.map((e: { action: string }) => e.action)),
  );
});

test("port previews: their own origin, HTTP and WebSocket, a clear page when nothing listens", {
  skip: !enabled,
}, async () => {
  const id = ids.pub;
  const empty = await openWorkspaceOrigin(web.url, cookies.alice, id, 5999);
  const nothing = await getAt(`${empty.origin}/`, empty.cookie);
  assert.equal(nothing.status, 502);
  assert.match(await nothing.text(), /Nothing is listening on port 5999/);

  dockerCli("exec", "-d", `kalpana-ws-${id}`, "node", "-e", previewServerScript);
  alicePreview = await openWorkspaceOrigin(web.url, cookies.alice, id, 5005);
  assert.equal(alicePreview.origin, previewOriginOf(id, 5005));
  const preview = await waitFor(
    () =>
      getAt(`${alicePreview.origin}/hello`, alicePreview.cookie).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      })),
    (r) => r.status === 200,
    15_000,
  );
  assert.equal(preview.text, "hello-preview /hello");
  const ws = await upgradeStatus(alicePreview.origin, "/socket", alicePreview.cookie);
  assert.equal(ws.status, 101);
  assert.equal(ws.echo, "echo:ping-through-proxy");
  // The root path too: Vite's HMR socket opens on "/" (the load benchmark found it hung up).
  const rootWs = await upgradeStatus(alicePreview.origin, "/", alicePreview.cookie);
  assert.equal(rootWs.status, 101);
  assert.equal(rootWs.echo, "echo:ping-through-proxy");
  // One port's cookie opens neither another port nor the IDE.
  assert.equal(
    (await getAt(`${previewOriginOf(id, 5999)}/`, alicePreview.cookie, "application/json")).status,
    401,
  );
  assert.equal((await getAt(`${ideOriginOf(id)}/`, alicePreview.cookie, "application/json")).status, 401);
  const list = await api("alice")("GET", `/api/workspaces/${id}/ports`);
  assert.equal(list.status, 200);
  assert.ok(
    list.json.ports.some(
      (p: { port: number; url: string }) => p.port === 5005 && p.url === `/w/${id}/preview/5005`,
    ),
    JSON.stringify(list.json),
  );
  assert.ok(
    !list.json.ports.some((p: { port: number }) => p.port === 3001),
    "the bridge's own port is not listed",
  );
  assert.equal((await api("bob")("GET", `/api/workspaces/${id}/ports`)).status, 404);
  const audit = await api("alice")("GET", `/api/workspaces/${id}/audit`);
  assert.ok(
    audit.json.events.some(
      (e: { action: string; summary: string }) => e.action === "preview.open" && e.summary === "port 5005",
    ),
  );
});

test("signing out ends IDE and preview access of that session only", { skip: !enabled }, async () => {
  const second = await githubSignIn(web.url, fake, "alice");
  const ide = await openWorkspaceOrigin(web.url, second, ids.pub);
  assert.equal((await getAt(`${ide.origin}/healthz`, ide.cookie, "application/json")).status, 200);
  const out = await fetch(`${web.url}/api/auth/sign-out`, {
    method: "POST",
    headers: { cookie: second, origin: web.url, "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(out.status, 200);
  await new Promise((r) => setTimeout(r, 2100)); // past the proxy's 2 s memory of an answer
  assert.equal((await getAt(`${ide.origin}/healthz`, ide.cookie, "application/json")).status, 401);
  assert.equal(
    (await getAt(`${alicePreview.origin}/hello`, alicePreview.cookie)).status,
    200,
    "other session",
  );
});

test("web server restart keeps RUNNING workspaces; stop shows the starting page; delete needs the name", {
  skip: !enabled,
}, async () => {
  await web.stop();
  web = await startWebServer(env);
  const w = await api("alice")("GET", `/api/workspaces/${ids.pub}`);
  assert.equal(w.json.workspace.status, "RUNNING");
  // Access cookies are signed with the persisted auth secret: they survive a web restart.
  // (The new server listens on another port; cookies do not depend on the port.)
  const page = await getAt(`${previewOriginOf(ids.pub, 5005)}/after-restart`, alicePreview.cookie);
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
  const starting = await getAt(`${ideOriginOf(ids.priv)}/`, alicePrivIde.cookie);
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
