// The chat endpoint's domain function against a RUNNING workspace container (real Docker, real
// bridge in the image) and the real OpenRouter provider talking to the local fake: files land in
// the container, commands run there, commits appear in its git log, the conversation is stored and
// continues from the database, and stopping an answer kills the command inside the container.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { slimForApproval } from "../../contract/approvals";
import { dockerAvailable, dockerCli } from "../../testing/docker.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { setupDomainEnv, type TestEnv, waitFor } from "../workspaces/test-env.fixture";
import { readChatResponse } from "./sse.fixture";

const enabled = dockerAvailable() || Boolean(process.env.CI);
let env: TestEnv;
let fake: FakeOpenRouter;
let m: {
  chat: typeof import("./chat");
  threads: typeof import("./threads");
  audit: typeof import("./audit");
  lifecycle: typeof import("../workspaces/lifecycle");
  store: typeof import("../workspaces/store");
  db: typeof import("../db/client");
  bridges: typeof import("../workspaces/bridge");
};
const user = { id: "u-agent", name: "Ada", email: "ada@example.com" };
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
    chat: await import("./chat"),
    threads: await import("./threads"),
    audit: await import("./audit"),
    lifecycle: await import("../workspaces/lifecycle"),
    store: await import("../workspaces/store"),
    db: await import("../db/client"),
    bridges: await import("../workspaces/bridge"),
  };
  await m.db.db().user.create({ data: user });
  await m.db.db().user.create({ data: { id: "u-other", name: "Eve", email: "eve@example.com" } });
  const view = await m.lifecycle.createWorkspace(user.id, { name: "agent", template: "node" });
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
  // The agent keeps one bridge client per workspace; close it or socket.io keeps reconnecting.
  m?.bridges.closeSharedBridge(workspaceId);
  await fake?.close();
  env?.cleanup();
});

const inContainer = (...cmd: string[]) => dockerCli("exec", `kalpana-ws-${workspaceId}`, ...cmd);
const send = (threadId: string, text: string, signal = new AbortController().signal, who = user) =>
  m.chat.chat(
    who,
    workspaceId,
    {
      threadId,
      model: "openai/gpt-5",
      message: { id: `m-${Math.random()}`, role: "user", parts: [{ type: "text", text }] },
    },
    signal,
  );

test("a scripted conversation edits, runs and commits inside the container; history persists and continues", {
  skip: !enabled,
}, async () => {
  const thread = await m.threads.createThread(workspaceId, user.id);
  await m.threads.updateThread(workspaceId, thread.id, { approvalMode: "auto" });
  fake.script(
    { toolCalls: [{ name: "writeFile", args: { path: "hello.txt", content: "hello world\n" } }] },
    {
      toolCalls: [
        { name: "editFile", args: { path: "hello.txt", oldString: "world", newString: "container" } },
      ],
    },
    {
      toolCalls: [
        { name: "runCommand", args: { command: "git init -q -b main 2>/dev/null; cat hello.txt; uname -s" } },
      ],
    },
    { toolCalls: [{ name: "gitCommit", args: { message: "agent: hello container" } }] },
    { text: "Committed." },
  );
  const { message } = await readChatResponse(
    await send(thread.id, "Write hello.txt, edit it, show it and commit.\nThanks"),
  );
  assert.equal(inContainer("cat", "/workspace/hello.txt"), "hello container");
  const run = message!.parts.find((p) => p.type === "tool-runCommand") as {
    output?: { output: string; exitCode: number };
  };
  assert.match(run.output!.output, /hello container\nLinux/);
  assert.equal(run.output!.exitCode, 0);
  assert.match(
    inContainer("git", "-C", "/workspace", "log", "--format=%s|%ae"),
    /^agent: hello container\|ada@example.com/,
  );
  // The system prompt describes the workspace.
  assert.match(String(JSON.stringify(fake.requests.at(-1)!.messages[0])), /Template: node/);

  const stored = await m.threads.loadMessages(thread.id);
  assert.deepEqual(
    stored.map((s) => s.role),
    ["user", "assistant"],
  );
  assert.ok(stored[1]!.metadata?.usage?.totalTokens, "token usage stored with the answer");
  assert.equal(
    (await m.threads.getThread(workspaceId, thread.id)).title,
    "Write hello.txt, edit it, show it and commit.",
  );

  // Continue: the next request carries the earlier tool calls and results from the database.
  fake.script({ text: "Still here." });
  await readChatResponse(await send(thread.id, "and now?"));
  const history = JSON.stringify(fake.requests.at(-1)!.messages);
  assert.match(history, /hello container/);
  assert.equal((await m.threads.loadMessages(thread.id)).length, 4);
  await new Promise((r) => setTimeout(r, 200));
  // The workspace's own lifecycle events (workspace.create …) share the trail; these are the agent's.
  const audit = (await m.audit.listAudit(workspaceId)).filter(
    (a) => a.action.startsWith("agent.") && a.action !== "agent.turn",
  );
  assert.deepEqual(audit.map((a) => a.action).reverse(), [
    "agent.writeFile",
    "agent.editFile",
    "agent.runCommand",
    "agent.gitCommit",
  ]);
});

test("stopping the answer kills the command inside the container within 2 s", {
  skip: !enabled,
}, async () => {
  const thread = await m.threads.createThread(workspaceId, user.id);
  await m.threads.updateThread(workspaceId, thread.id, { approvalMode: "auto" });
  fake.script({ toolCalls: [{ name: "runCommand", args: { command: "sleep 600" } }] });
  const ac = new AbortController();
  const reading = readChatResponse(await send(thread.id, "wait", ac.signal)).catch(() => undefined);
  const sleeping = () => {
    try {
      return inContainer("pgrep", "-f", "^sleep 600$").length > 0;
    } catch {
      return false;
    }
  };
  await waitFor(async () => sleeping(), Boolean, 15_000);
  const asked = fake.requests.length;
  const at = Date.now();
  ac.abort();
  await waitFor(async () => !sleeping(), Boolean, 2000);
  assert.ok(Date.now() - at < 2000);
  await reading;
  // A stopped answer is over: the cancelled command's result must not go back to the model.
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal(fake.requests.length, asked, "the model was asked again after the stop");
});

test("ask mode: the command runs in the container only after approval", { skip: !enabled }, async () => {
  const thread = await m.threads.createThread(workspaceId, user.id);
  fake.script({ toolCalls: [{ name: "runCommand", args: { command: "touch /workspace/approved.marker" } }] });
  const first = (await readChatResponse(await send(thread.id, "make the marker"))).message!;
  const part = first.parts.find((p) => p.type === "tool-runCommand") as {
    state: string;
    approval: { id: string };
  };
  assert.equal(part.state, "approval-requested");
  assert.throws(() => inContainer("test", "-e", "/workspace/approved.marker"));
  fake.script({ text: "Done." });
  // What the panel sends: the assistant message, slimmed, with the decision.
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
  inContainer("test", "-e", "/workspace/approved.marker");
  // The answer is stored when its stream ends, just after the last chunk reached us.
  const stored = await waitFor(
    () => m.threads.loadMessages(thread.id),
    (ms) => JSON.stringify(ms).includes("output-available"),
    5000,
  );
  assert.equal(stored.length, 2, "the approved answer continued the same message");
});

test("the user's own OpenRouter key is used for their answers", { skip: !enabled }, async () => {
  const { setProviderKey, deleteProviderKey } = await import("../db/provider-keys");
  await setProviderKey(user.id, { apiKey: "sk-or-v1-users-own-key-1234" });
  const thread = await m.threads.createThread(workspaceId, user.id);
  fake.script({ text: "Hi." });
  await readChatResponse(await send(thread.id, "hello"));
  assert.equal(fake.requests.at(-1)!.authorization, "Bearer sk-or-v1-users-own-key-1234");
  await deleteProviderKey(user.id);
  fake.script({ text: "Hi." });
  await readChatResponse(await send(thread.id, "hello again"));
  assert.equal(fake.requests.at(-1)!.authorization, "Bearer server-key");
});

test("checks: someone else's workspace is 404, a stopped one 409, a model off the list 400", {
  skip: !enabled,
}, async () => {
  const thread = await m.threads.createThread(workspaceId, user.id);
  await assert.rejects(
    send(thread.id, "hi", undefined, { id: "u-other", name: "Eve", email: "eve@example.com" }),
    { code: "not_found" },
  );
  await assert.rejects(
    m.chat.chat(
      user,
      workspaceId,
      {
        threadId: thread.id,
        model: "evil/model",
        message: { id: "x", role: "user", parts: [{ type: "text", text: "hi" }] },
      },
      new AbortController().signal,
    ),
    { code: "invalid_argument" },
  );
  await m.lifecycle.stopWorkspaceById(workspaceId);
  await assert.rejects(
    send(thread.id, "hi"),
    (e: { code: string; message: string }) => e.code === "conflict" && /not running/.test(e.message),
  );
});
