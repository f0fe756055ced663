// The audit trail records lifecycle actions (create, start, stop, restart, delete), sign-ups and
// sign-ins, key and model settings, key tests and refused starts, through the real routes and
// better-auth; and it survives the workspace it describes: after a delete the events are still
// there, with the workspace id as plain text.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { callRoute, installFakeRuntime, setupAppEnv, signUp } from "../http/routes.fixture";

let env: { cleanup: () => void };
let fake: FakeOpenRouter;
let m: { audit: typeof import("./audit"); db: typeof import("../db/client") };
let alice: { cookie: string; userId: string };

before(async () => {
  fake = await startFakeOpenRouter();
  env = await setupAppEnv({
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MAX_RUNNING_PER_USER: "1",
  });
  installFakeRuntime();
  m = { audit: await import("./audit"), db: await import("../db/client") };
  alice = await signUp("alice@example.com");
});

after(async () => {
  await fake?.close();
  await m?.db.db().$disconnect();
  env?.cleanup();
});

const actions = async (userId: string) =>
  (await m.audit.listUserAudit(userId)).map((e) => `${e.action} ${e.outcome}`).reverse();

test("sign-up and sign-in are recorded", async () => {
  const events = await m.audit.listUserAudit(alice.userId);
  assert.deepEqual(events.map((e) => e.action).sort(), ["auth.sign-in", "auth.sign-up"]);
  assert.match(events.find((e) => e.action === "auth.sign-up")!.summary, /alice@example\.com/);
});

test("a refused sign-in is recorded against the account it named, with the client address", async () => {
  const res = await callRoute("auth/[...all]", "POST", {
    params: { all: "sign-in/email" },
    body: { email: "alice@example.com", password: "not-her-password" },
    headers: { origin: "http://localhost:3000", "x-kalpana-client-ip": "203.0.113.5" },
  });
  assert.equal(res.status, 401);
  const refused = (await m.audit.listUserAudit(alice.userId)).find(
    (e) => e.action === "auth.sign-in" && e.outcome.startsWith("refused"),
  );
  assert.ok(refused, "refused sign-in on record");
  assert.match(refused.summary, /from 203\.0\.113\.5/);
  assert.ok(!JSON.stringify(refused).includes("not-her-password"));
});

test("key and model settings and key tests are recorded without the key", async () => {
  const key = "sk-or-v1-secret-value-9876";
  const put = await callRoute("settings/provider-key", "PUT", {
    cookie: alice.cookie,
    body: { apiKey: key, defaultModel: "openai/gpt-5" },
  });
  assert.equal(put.status, 200);
  await callRoute("settings/provider-key/test", "POST", { cookie: alice.cookie, body: {} });
  assert.equal((await callRoute("settings/provider-key", "DELETE", { cookie: alice.cookie })).status, 200);
  const events = await m.audit.listUserAudit(alice.userId);
  const got = events.map((e) => e.action);
  for (const a of ["settings.key-set", "settings.model-set", "settings.key-test", "settings.key-delete"]) {
    assert.ok(got.includes(a), `${a} in ${got.join(", ")}`);
  }
  assert.ok(!JSON.stringify(events).includes("secret-value"), "the key never enters the trail");
  assert.match(events.find((e) => e.action === "settings.key-set")!.summary, /…9876/);
});

test("create, start, stop, refused start, restart and delete are recorded and survive the delete", async () => {
  const lifecycle = await import("../workspaces/lifecycle");
  const created = await callRoute("workspaces", "POST", {
    cookie: alice.cookie,
    body: { name: "audited", template: "node" },
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { workspace } = (await created.json()) as { workspace: { id: string } };
  const id = workspace.id;
  // The fake engine never gives the container an endpoint: the start ends in ERROR. Wait for it.
  for (
    let i = 0;
    i < 100 && (await m.db.db().workspace.findUnique({ where: { id } }))?.status === "STARTING";
    i++
  )
    await new Promise((r) => setTimeout(r, 50));
  await lifecycle.stopWorkspaceById(id, "stopped by the test");

  // A second workspace while the first is running: the quota refuses, and that is on record too.
  const other = await m.db.db().workspace.create({
    data: {
      userId: alice.userId,
      name: "other",
      template: "node",
      bridgeSecret: "v1:x",
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 64,
    },
  });
  await m.db.db().workspace.update({ where: { id }, data: { status: "RUNNING" } });
  const refused = await callRoute("workspaces/[id]/start", "POST", {
    cookie: alice.cookie,
    params: { id: other.id },
  });
  assert.equal(refused.status, 409);
  await m.db.db().workspace.update({ where: { id }, data: { status: "STOPPED" } });

  await lifecycle.restartWorkspace(alice.userId, id);
  for (
    let i = 0;
    i < 100 && (await m.db.db().workspace.findUnique({ where: { id } }))?.status === "STARTING";
    i++
  )
    await new Promise((r) => setTimeout(r, 50));
  const del = await callRoute("workspaces/[id]", "DELETE", {
    cookie: alice.cookie,
    params: { id },
    body: { confirmName: "audited" },
  });
  assert.ok(del.status < 300, `delete answered ${del.status}: ${await del.clone().text()}`);
  assert.equal(await m.db.db().workspace.count({ where: { id } }), 0, "the row is gone");

  const trail = (await m.audit.listAudit(id)).map((e) => e.action).reverse();
  assert.deepEqual(trail, [
    "workspace.create",
    "workspace.stop",
    "workspace.restart",
    "workspace.start",
    "workspace.delete",
  ]);
  const refusedStart = (await m.audit.listAudit(other.id)).find((e) => e.action === "workspace.start");
  assert.match(refusedStart?.outcome ?? "", /^refused: You already have 1 running workspace/);
  assert.ok((await actions(alice.userId)).includes("workspace.delete ok"));
});

test("ide.open and preview.open can be recorded by the proxy (exported function)", async () => {
  await m.audit.audit({
    userId: alice.userId,
    workspaceId: "w-gone",
    action: "ide.open",
    summary: "code-server",
  });
  await m.audit.audit({
    userId: alice.userId,
    workspaceId: "w-gone",
    action: "preview.open",
    summary: "port 3000",
  });
  assert.deepEqual((await m.audit.listAudit("w-gone")).map((e) => e.action).sort(), [
    "ide.open",
    "preview.open",
  ]);
});
