// The switch end to end through the real routes: the chat route (real SQLite, real bridge, real
// provider against the fake model) connects a workspace's remote MCP server only after its owner
// allowed it with PATCH /api/workspaces/:id/mcp, and the panel's GET lists it accordingly.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../../http/routes.fixture";
import { readChatResponse } from "../sse.fixture";
import { type RemoteMcp, startRemoteMcp } from "./remote-mcp.fixture";

let h: ChatRouteEnv<"rita">;
let remote: RemoteMcp;
let db: typeof import("../../db/client");

before(async () => {
  remote = await startRemoteMcp();
  h = await startChatRouteEnv(["rita"] as const, { KALPANA_MCP_ALLOW_HTTP_LOCALHOST: "1" });
  db = await import("../../db/client");
  mkdirSync(path.join(h.bridge.root, ".kalpana"), { recursive: true });
  writeFileSync(
    path.join(h.bridge.root, ".kalpana/mcp.json"),
    JSON.stringify({ servers: { far: { url: remote.url } } }),
  );
});
after(async () => {
  await h?.close();
  await remote?.close();
});

const params = () => ({ id: h.users.rita.workspaceId });
const chat = (id: string, text: string) =>
  callRoute("workspaces/[id]/chat", "POST", {
    cookie: h.users.rita.cookie,
    params: params(),
    body: {
      threadId: h.users.rita.threadId,
      model: "openai/gpt-5",
      approvalMode: "auto",
      message: { id, role: "user", parts: [{ type: "text", text }] },
    },
  });
const offered = () => (h.fake.requests.at(-1)?.tools ?? []).map((t) => t.function.name);

test("a remote MCP server is used by the chat route only after its owner allowed it", async () => {
  h.fake.script({ text: "No remote tools." });
  const off = await chat("q1", "hello");
  assert.equal(off.status, 200);
  await readChatResponse(off);
  assert.ok(!offered().includes("mcp_far_shout"), "not offered while off");
  const listed = await callRoute("workspaces/[id]/mcp", "GET", {
    cookie: h.users.rita.cookie,
    params: params(),
  });
  const body = (await listed.json()) as { mcp: { servers: Array<{ status: string }> }; allowRemote: boolean };
  assert.equal(body.allowRemote, false);
  assert.equal(body.mcp.servers[0]!.status, "disabled");
  assert.equal(remote.requests.length, 0, "the server got no request while off");

  const on = await callRoute("workspaces/[id]/mcp", "PATCH", {
    cookie: h.users.rita.cookie,
    params: params(),
    body: { allowRemote: true },
  });
  assert.equal(on.status, 200);
  const now = (await (
    await callRoute("workspaces/[id]/mcp", "GET", { cookie: h.users.rita.cookie, params: params() })
  ).json()) as { mcp: { servers: unknown[] } };
  assert.deepEqual(now.mcp.servers, [
    { name: "far", kind: "remote", status: "connected", tools: ["mcp_far_shout"] },
  ]);

  h.fake.script({ toolCalls: [{ name: "mcp_far_shout", args: { text: "via the route" } }] });
  h.fake.script({ text: "Done." });
  const used = await chat("q2", "shout it");
  assert.equal(used.status, 200);
  const { message } = await readChatResponse(used);
  assert.match(JSON.stringify(message?.parts), /remote: VIA THE ROUTE/);
  assert.ok(remote.requests.some((r) => r.rpc === "tools/call"));
  await (await import("../../audit/audit")).flushAudit(); // the agent's events are written in batches
  const audited = await db.db().auditEvent.findMany({
    where: { workspaceId: h.users.rita.workspaceId, action: "agent.mcp_far_shout" },
  });
  assert.equal(audited.length, 1);
  assert.equal(audited[0]!.outcome, "ok");
});
