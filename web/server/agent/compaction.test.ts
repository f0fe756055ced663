// Long threads through the real chat route (real bridge process, the real OpenRouter provider
// against the local fake, a migrated database). A thread made long by file reads on a model with a
// large window sends everything; the same thread on a model with a small window (its
// context_length from the fake's GET /models) sends a summary and trimmed outputs instead of its
// earliest turns, stores the summary with the answer and reuses it; the stored messages stay as
// they were; a failing summary call leaves trimming only, logged, and the answer still comes.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { AgentUIMessage } from "../../contract/agent";
import type { ChatRequest, FakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../http/routes.fixture";
import { captureLogs } from "../log/capture.fixture";
import type { HostBridge } from "./host-bridge.fixture";
import { readChatResponse } from "./sse.fixture";

const SMALL = "fake/small";
const LARGE = "openai/gpt-5";
const SMALL_WINDOW = 24_000;
const LEAKED = `ghp_${"x".repeat(36)}`;
const PASTE = `PASTE-MARKER ${"the build log says nothing useful. ".repeat(1900)}`; // ~16k tokens, not trimmable
const fileText = (tag: string) => `${tag} ${"lorem ipsum dolor sit amet ".repeat(370)}`; // ~2.5k tokens each

let h: ChatRouteEnv<"compact">;
let fake: FakeOpenRouter;
let bridge: HostBridge;
let db: typeof import("../db/client");
let threads: typeof import("./threads");
let logs: Array<{ msg?: string; level?: string }> = [];
let me = { cookie: "", userId: "", workspaceId: "" };

before(async () => {
  logs = captureLogs();
  h = await startChatRouteEnv(["compact"] as const, { KALPANA_MODELS: `${LARGE},${SMALL}` });
  ({ fake, bridge } = h);
  fake.models.push({ id: SMALL, name: "Fake: small window", context_length: SMALL_WINDOW });
  for (const f of ["a", "b", "c", "d"])
    writeFileSync(path.join(bridge.root, `${f}.txt`), fileText(`FILE-${f.toUpperCase()}-MARKER`));
  db = await import("../db/client");
  threads = await import("./threads");
  me = h.users.compact;
});

after(() => h?.close());

let n = 0;
async function ask(threadId: string, text: string, model: string): Promise<AgentUIMessage> {
  const res = await callRoute("workspaces/[id]/chat", "POST", {
    cookie: me.cookie,
    params: { id: me.workspaceId },
    body: {
      threadId,
      model,
      message: { id: `c-${++n}`, role: "user", parts: [{ type: "text", text }] },
    },
  });
  assert.equal(res.status, 200);
  const { message } = await readChatResponse(res);
  assert.ok(message);
  return message;
}
const sent = (r: ChatRequest | undefined) => JSON.stringify(r?.messages ?? []);
const readTurn = (file: string, answer: string) =>
  fake.script({ toolCalls: [{ name: "readFile", args: { path: file } }] }, { text: answer });

/** A thread named up front (no title call) and made long on the large-window model. */
async function longThread(): Promise<string> {
  const res = await callRoute("workspaces/[id]/threads", "POST", {
    cookie: me.cookie,
    params: { id: me.workspaceId },
    body: { title: "Long one" },
  });
  assert.equal(res.status, 201);
  const id = ((await res.json()) as { thread: { id: string } }).thread.id;
  await threads.updateThread(me.workspaceId, id, { approvalMode: "auto" });
  const summariesBefore = fake.titleRequests.length;
  readTurn("a.txt", "Read a.");
  await ask(id, `Here is my build log:\n${PASTE}\nPlease read a.txt`, LARGE);
  readTurn("b.txt", "Read b.");
  await ask(id, "now read b.txt", LARGE);
  readTurn("c.txt", "Read c.");
  await ask(id, "and c.txt", LARGE);
  // A window of 400k tokens: everything went as it is, nothing was summarised or trimmed.
  const last = sent(fake.requests.at(-1));
  for (const marker of ["PASTE-MARKER", "FILE-A-MARKER", "FILE-B-MARKER", "FILE-C-MARKER"])
    assert.ok(last.includes(marker), marker);
  assert.ok(!last.includes("[output trimmed:"));
  assert.equal(fake.titleRequests.length, summariesBefore, "no summary call on a large window");
  return id;
}

test("a long thread on a small window sends a summary and trimmed outputs; the summary is stored and reused", async () => {
  const threadId = await longThread();
  const stored = await threads.loadMessages(threadId);
  assert.equal(stored.length, 6);

  fake.scriptTitle({
    // A credential the summariser echoed from the workspace is masked before it is sent or stored.
    text: `SUMMARY-TEXT: the person pasted a build log; a.txt was read. Token ${LEAKED}`,
    usage: { prompt: 900, completion: 40, cost: 0.001 },
  });
  fake.script({ text: "Next, fix the build.", usage: { prompt: 2000, completion: 10, cost: 0.002 } });
  const summariesBefore = fake.titleRequests.length;
  const answer = await ask(threadId, "what next?", SMALL);

  // One summary call, with the earliest turn as delimited data and no tools.
  assert.equal(fake.titleRequests.length, summariesBefore + 1);
  const summaryCall = sent(fake.titleRequests.at(-1));
  assert.equal(fake.titleRequests.at(-1)?.model, SMALL);
  assert.match(summaryCall, /untrusted-data source=\\"earlier-conversation\\"/);
  assert.ok(summaryCall.includes("PASTE-MARKER") && summaryCall.includes("FILE-A-MARKER"));
  assert.ok(!summaryCall.includes("FILE-C-MARKER"), "the newest turns are not summarised");

  // The model's request: the summary instead of the first turn, b's output trimmed, c's whole.
  const req = fake.requests.at(-1)!;
  const body = sent(req);
  assert.ok(body.includes("SUMMARY-TEXT"), "the summary is sent");
  assert.match(body, /source=\\"conversation-summary\\"/);
  assert.ok(!body.includes("PASTE-MARKER"), "the summarised paste is not sent");
  assert.ok(!body.includes("FILE-A-MARKER"));
  assert.ok(!body.includes("FILE-B-MARKER"), "b's output is trimmed");
  assert.match(body, /\[output trimmed: \d+ chars\]/);
  assert.ok(body.includes("FILE-C-MARKER"), "the previous turn's output is kept whole");
  const before = sent(fake.requests.at(-2));
  assert.ok(body.length < before.length / 3, `${body.length} vs ${before.length}`);
  // What went over the wire (messages and tool definitions) fits the small window.
  const wireTokens = (body.length + JSON.stringify(req.tools).length) / 4;
  assert.ok(wireTokens < SMALL_WINDOW * 0.75, String(wireTokens));

  // The stored history is exactly what it was, plus this turn; the answer carries the summary.
  const now = await threads.loadMessages(threadId);
  assert.deepEqual(now.slice(0, 6), stored);
  assert.equal(now.length, 8);
  const c = now.at(-1)!.metadata?.compaction;
  assert.ok(c, "the summary is stored with the answer");
  assert.equal(c.through, stored[1]!.id, "it covers the first turn");
  assert.equal(c.messages, 2);
  assert.equal(c.contextWindow, SMALL_WINDOW);
  assert.match(c.summary, /^SUMMARY-TEXT.*Token \[redacted\]$/);
  assert.ok(!body.includes(LEAKED) && !JSON.stringify(now).includes(LEAKED), "the token is masked");
  assert.deepEqual(answer.metadata?.compaction, c, "the panel sees it as the answer streams");
  await (await import("../audit/audit")).flushAudit(); // the agent's events are written in batches
  const audits = await db
    .db()
    .auditEvent.findMany({ where: { action: "agent.turn" }, orderBy: { createdAt: "asc" } });
  assert.match(audits.at(-1)?.summary ?? "", /summary of 2 messages fake\/small · 900 in \/ 40 out tokens/);

  // A second long turn (another file read) reuses the stored summary: no second summary call.
  readTurn("d.txt", "Read d.");
  await ask(threadId, "read d.txt too", SMALL);
  assert.equal(fake.titleRequests.length, summariesBefore + 1, "no second summary call");
  for (const r of fake.requests.slice(-2)) {
    const s = sent(r);
    assert.ok(s.includes("SUMMARY-TEXT") && !s.includes("PASTE-MARKER"));
  }
  assert.ok(sent(fake.requests.at(-1)).includes("FILE-D-MARKER"));
  assert.equal((await threads.loadMessages(threadId)).at(-1)?.metadata?.compaction, undefined);

  // Back on the large window the whole stored history is sent again, without the summary.
  fake.script({ text: "All of it." });
  await ask(threadId, "everything please", LARGE);
  const full = sent(fake.requests.at(-1));
  assert.ok(
    full.includes("PASTE-MARKER") && full.includes("FILE-A-MARKER") && full.includes("FILE-B-MARKER"),
  );
  assert.ok(!full.includes("SUMMARY-TEXT"));
  assert.equal(fake.titleRequests.length, summariesBefore + 1);

  // The thread as the panel loads it: every message, the compacted answer with its summary.
  const view = await callRoute("workspaces/[id]/threads/[threadId]", "GET", {
    cookie: me.cookie,
    params: { id: me.workspaceId, threadId },
  });
  const loaded = ((await view.json()) as { messages: AgentUIMessage[] }).messages;
  assert.equal(loaded.length, 12);
  assert.deepEqual(loaded[7]?.metadata?.compaction, c);
});

test("a failing summary call degrades to trimmed outputs, logs why, and the answer still comes", async () => {
  const threadId = await longThread();
  const stored = await threads.loadMessages(threadId);
  fake.scriptTitle({ status: 503, message: "fake: summariser down" });
  fake.script({ text: "Answered anyway." });
  const answer = await ask(threadId, "what next?", SMALL);
  assert.equal(answer.parts.find((p) => p.type === "text")?.text, "Answered anyway.");

  const body = sent(fake.requests.at(-1));
  assert.ok(!body.includes("conversation-summary"), "no summary");
  assert.ok(body.includes("PASTE-MARKER"), "nothing was summarised away");
  assert.equal(body.match(/\[output trimmed: \d+ chars\]/g)?.length, 2, "a's and b's outputs are trimmed");
  assert.ok(body.includes("FILE-C-MARKER"));
  const line = logs.find((l) => /compaction: the summary call failed/.test(l.msg ?? ""));
  assert.ok(line, "a log line says the summary failed");
  assert.equal(line.level, "error");
  assert.match(line.msg ?? "", /old tool outputs trimmed/);

  const now = await threads.loadMessages(threadId);
  assert.deepEqual(now.slice(0, 6), stored);
  assert.equal(now.at(-1)?.metadata?.compaction, undefined, "no summary is stored");
});

test("within one answer, older steps' outputs are trimmed once the prompt passes the threshold", async () => {
  // Imported here: the harness loads the logger, which must come after captureLogs() above.
  const { agentHarness } = await import("./agent-harness.fixture");
  const h = agentHarness(bridge, fake.baseURL, "auto", {
    compaction: {
      contextWindow: 8000,
      summaryModel: async () => {
        throw new Error("one turn: nothing to summarise");
      },
    },
  });
  const first = fake.requests.length;
  fake.script(
    { toolCalls: [{ name: "readFile", args: { path: "a.txt" } }] },
    { toolCalls: [{ name: "readFile", args: { path: "b.txt" } }] },
    { toolCalls: [{ name: "readFile", args: { path: "c.txt" } }] },
    { text: "Read all three." },
  );
  const answer = await h.send("read a, b and c");
  assert.equal(answer.parts.at(-1)?.type, "text");
  const [, withA, withB, withC] = fake.requests.slice(first).map(sent);
  assert.ok(withA?.includes("FILE-A-MARKER"), "a fits: whole");
  assert.ok(withB?.includes("FILE-B-MARKER") && !withB.includes("FILE-A-MARKER"), "a trimmed for b");
  assert.ok(withC?.includes("FILE-C-MARKER") && !withC.includes("FILE-B-MARKER"), "b trimmed for c");
  assert.equal(withC?.match(/\[output trimmed: \d+ chars\]/g)?.length, 2);
  // The answer as the panel and the store get it keeps every output whole.
  const outputs = JSON.stringify(answer.parts);
  for (const m of ["FILE-A-MARKER", "FILE-B-MARKER", "FILE-C-MARKER"]) assert.ok(outputs.includes(m), m);
});

test("context windows come from OpenRouter's model list; a model it does not describe gets the default", async () => {
  const models = await import("./models");
  assert.equal(await models.contextWindow(SMALL), SMALL_WINDOW);
  assert.equal(await models.contextWindow(LARGE), 400_000);
  // Listed without context_length, and not listed at all.
  assert.equal(await models.contextWindow("fake/not-allowed"), models.DEFAULT_CONTEXT_WINDOW);
  assert.equal(await models.contextWindow("nobody/knows"), models.DEFAULT_CONTEXT_WINDOW);
  assert.equal(models.DEFAULT_CONTEXT_WINDOW, 32_768);
});
