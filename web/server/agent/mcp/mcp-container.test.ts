// The chat endpoint's domain function with a RUNNING workspace container (real Docker, the image's
// bridge): the MCP server declared in .kalpana/mcp.json runs INSIDE the container (its cwd is
// /workspace, it is a process there and never on the host), its tool waits for approval in ask
// mode, the result reaches the model, the call is in the audit trail, and no server outlives the
// request.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { slimForApproval } from "../../../contract/approvals";
import { dockerAvailable, dockerCli } from "../../../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../../testing/fake-openrouter.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "../../workspaces/test-env.fixture";
import { readChatResponse } from "../sse.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
const fixture = fileURLToPath(new URL("../../../../bridge/ops/mcp/mcp-server.fixture.mjs", import.meta.url));
let env: TestEnv;
let fake: FakeOpenRouter;
let m: {
  chat: typeof import("../chat");
  threads: typeof import("../threads");
  audit: typeof import("../audit");
  lifecycle: typeof import("../../workspaces/lifecycle");
  store: typeof import("../../workspaces/store");
  db: typeof import("../../db/client");
  bridges: typeof import("../../workspaces/bridge");
  status: typeof import("./status");
};
const user = { id: "u-mcp", name: "Ada", email: "ada@example.com" };
let workspaceId = "";

before(async () => {
  if (!enabled) return;
  fake = await startFakeOpenRouter();
  env = setupDomainEnv({
    OPENROUTER_API_KEY: "server-key",
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MODELS: "openai/gpt-5",
  });
  m = {
    chat: await import("../chat"),
    threads: await import("../threads"),
    audit: await import("../audit"),
    lifecycle: await import("../../workspaces/lifecycle"),
    store: await import("../../workspaces/store"),
    db: await import("../../db/client"),
    bridges: await import("../../workspaces/bridge"),
    status: await import("./status"),
  };
  await m.db.db().user.create({ data: user });
  const view = await m.lifecycle.createWorkspace(user.id, { name: "mcp", template: "node" });
  workspaceId = view.id;
  const w = await waitFor(
    () => m.store.getOwned(user.id, view.id),
    (w) => ["RUNNING", "ERROR"].includes(w.status),
    150_000,
  );
  assert.equal(w.status, "RUNNING", w.statusMessage ?? "");
});

after(async () => {
  if (!enabled) return;
  m?.bridges.closeSharedBridge(workspaceId);
  await fake?.close();
  env?.cleanup();
});

const serverRunsInContainer = () => {
  try {
    return dockerCli("exec", `kalpana-ws-${workspaceId}`, "pgrep", "-f", "test-server.mjs echo$").length > 0;
  } catch {
    return false;
  }
};

test("a tool of the workspace's MCP server: runs in the container, after approval, audited", {
  skip: !enabled,
}, async () => {
  const bridge = await m.bridges.sharedBridge(workspaceId);
  await bridge.fs.write({ path: ".kalpana/test-server.mjs", content: readFileSync(fixture, "utf8") });
  await bridge.fs.write({
    path: ".kalpana/mcp.json",
    content: JSON.stringify({
      servers: {
        // The image's own Node: servers see the workspace's Nix environment, whose `node` is the stub
        // package set's (prints a version) once the template's environment is ready.
        test: {
          command: "/usr/local/bin/node",
          args: [".kalpana/test-server.mjs", "echo"],
          env: { MCP_TEST_VAR: "c1" },
        },
      },
    }),
  });
  assert.deepEqual(await m.status.workspaceMcpStatus(user.id, workspaceId), {
    configured: true,
    servers: [{ name: "test", kind: "stdio", status: "connected", tools: ["mcp_test_echo"] }],
  });

  const thread = await m.threads.createThread(workspaceId, user.id); // ask mode by default
  fake.script({ toolCalls: [{ name: "mcp_test_echo", args: { text: "from the model" } }] });
  const first = (
    await readChatResponse(
      await m.chat.chat(
        user,
        workspaceId,
        {
          threadId: thread.id,
          model: "openai/gpt-5",
          message: { id: "m-mcp-1", role: "user", parts: [{ type: "text", text: "call the echo tool" }] },
        },
        new AbortController().signal,
      ),
    )
  ).message!;
  const part = first.parts.find((p) => p.type === "tool-mcp_test_echo") as {
    state: string;
    approval: { id: string };
  };
  assert.equal(part.state, "approval-requested");
  await waitFor(async () => !serverRunsInContainer(), Boolean, 3000);

  fake.script({ text: "It echoed." });
  const answer = slimForApproval({
    ...first,
    parts: first.parts.map((p) =>
      p === (part as unknown)
        ? { ...part, state: "approval-responded", approval: { ...part.approval, approved: true } }
        : p,
    ) as typeof first.parts,
  });
  await readChatResponse(
    await m.chat.chat(
      user,
      workspaceId,
      { threadId: thread.id, model: "openai/gpt-5", message: answer as never },
      new AbortController().signal,
    ),
  );
  // The answer is stored when its stream ends, just after the last chunk reached us.
  const stored = await waitFor(
    async () => (await m.threads.loadMessages(thread.id)).at(-1),
    (msg) => JSON.stringify(msg?.parts ?? []).includes("It echoed."),
    5000,
  );
  const done = stored!.parts.find((p) => p.type === "tool-mcp_test_echo") as {
    state: string;
    output: { result: string };
  };
  assert.equal(done.state, "output-available");
  // cwd /workspace and the configured variable: the server ran in the container, as configured.
  assert.equal(done.output.result, "echo: from the model (cwd=/workspace var=c1)");
  assert.match(JSON.stringify(fake.requests.at(-1)!.messages.at(-1)), /echo: from the model/);
  await waitFor(async () => !serverRunsInContainer(), Boolean, 3000);
  await new Promise((r) => setTimeout(r, 200));
  const audit = (await m.audit.listAudit(workspaceId)).filter((a) => a.action === "agent.mcp_test_echo");
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.outcome, "ok");
  assert.match(audit[0]!.summary, /from the model/);
});
