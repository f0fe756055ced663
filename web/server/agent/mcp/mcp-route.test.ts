// PATCH /api/workspaces/:id/mcp { allowRemote }: the person's opt-in to the workspace's remote MCP
// servers. Owner only (anyone else gets 404, and nothing changes), a bad body is a 400, the change
// is audited, and GET answers the switch with the status.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { callRoute, installFakeRuntime, setupAppEnv, userWithWorkspace } from "../../http/routes.fixture";

const ROUTE = "workspaces/[id]/mcp";
let env: { cleanup: () => void };
let db: typeof import("../../db/client");

before(async () => {
  env = await setupAppEnv();
  installFakeRuntime();
  db = await import("../../db/client");
});
after(async () => {
  await db?.db().$disconnect();
  env?.cleanup();
});

test("(attacker) only the owner switches remote MCP servers; the change is audited", async () => {
  const owner = await userWithWorkspace("mcpowner", "s1");
  const other = await userWithWorkspace("mcpother", "s2");
  const params = { id: owner.workspaceId };
  await db.db().workspace.update({ where: { id: owner.workspaceId }, data: { status: "STOPPED" } });
  const stored = async () =>
    (await db.db().workspace.findUniqueOrThrow({ where: { id: owner.workspaceId } })).mcpRemote;
  assert.equal(await stored(), false, "off by default");

  const denied = await callRoute(ROUTE, "PATCH", {
    cookie: other.cookie,
    params,
    body: { allowRemote: true },
  });
  assert.equal(denied.status, 404);
  assert.equal((await callRoute(ROUTE, "GET", { cookie: other.cookie, params })).status, 404);
  assert.equal((await callRoute(ROUTE, "PATCH", { params, body: { allowRemote: true } })).status, 401);
  assert.equal(await stored(), false);

  const bad = await callRoute(ROUTE, "PATCH", { cookie: owner.cookie, params, body: { allowRemote: "yes" } });
  assert.equal(bad.status, 400);
  const extra = await callRoute(ROUTE, "PATCH", {
    cookie: owner.cookie,
    params,
    body: { allowRemote: true, url: "x" },
  });
  assert.equal(extra.status, 400);
  assert.equal(await stored(), false);

  const ok = await callRoute(ROUTE, "PATCH", { cookie: owner.cookie, params, body: { allowRemote: true } });
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { allowRemote: true });
  assert.equal(await stored(), true);
  const got = await callRoute(ROUTE, "GET", { cookie: owner.cookie, params });
  assert.deepEqual(await got.json(), { mcp: { configured: false, servers: [] }, allowRemote: true });

  await callRoute(ROUTE, "PATCH", { cookie: owner.cookie, params, body: { allowRemote: false } });
  assert.equal(await stored(), false);
  const events = await db.db().auditEvent.findMany({
    where: { workspaceId: owner.workspaceId, action: "workspace.mcp-remote" },
    orderBy: { createdAt: "asc" },
  });
  assert.deepEqual(
    events.map((e) => e.summary),
    ["mcpowner: remote MCP servers allowed", "mcpowner: remote MCP servers off"],
  );
});
