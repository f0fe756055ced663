// What a thread keeps beyond its messages, through the real chat route (real bridge process, the
// real OpenRouter provider against the local fake, a migrated database): the plan from the latest
// updatePlan call, a title from one model call after the first answer (and never again; kept
// as the first line when that call fails or the person renamed the thread meanwhile), and token
// use and cost per answer, summed per thread and written to the turn's audit entry.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { AgentUIMessage } from "../../contract/agent";
import { latestPlan } from "../../contract/plan";
import { threadUsage } from "../../contract/usage";
import type { FakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../http/routes.fixture";
import { readChatResponse } from "./sse.fixture";

let h: ChatRouteEnv<"meta">;
let fake: FakeOpenRouter;
let db: typeof import("../db/client");
let threads: typeof import("./threads");
let me = { cookie: "", userId: "", workspaceId: "" };

before(async () => {
  h = await startChatRouteEnv(["meta"] as const, { KALPANA_TITLE_MODEL: "openai/gpt-5-mini" });
  ({ fake } = h);
  db = await import("../db/client");
  threads = await import("./threads");
  me = h.users.meta;
});

after(() => h?.close());

async function newThread(): Promise<string> {
  const res = await callRoute("workspaces/[id]/threads", "POST", {
    cookie: me.cookie,
    params: { id: me.workspaceId },
    body: {},
  });
  assert.equal(res.status, 201);
  const id = ((await res.json()) as { thread: { id: string } }).thread.id;
  await threads.updateThread(me.workspaceId, id, { approvalMode: "auto" });
  return id;
}
let n = 0;
const ask = (threadId: string, text: string) =>
  callRoute("workspaces/[id]/chat", "POST", {
    cookie: me.cookie,
    params: { id: me.workspaceId },
    body: {
      threadId,
      model: "openai/gpt-5",
      message: { id: `meta-${++n}`, role: "user", parts: [{ type: "text", text }] },
    },
  });
const titleOf = async (threadId: string) => (await threads.getThread(me.workspaceId, threadId)).title;
const titleRequests = () => fake.titleRequests;
const turnAudits = async () => {
  await (await import("../audit/audit")).flushAudit(); // the agent's events are written in batches
  return (
    await db.db().auditEvent.findMany({ where: { action: "agent.turn" }, orderBy: { createdAt: "asc" } })
  ).map((a) => a.summary);
};
async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("plan, generated title and usage are stored with the thread; the title call happens once", async () => {
  const threadId = await newThread();
  const plan1 = [
    { title: "Look around", status: "in_progress" },
    { title: "Answer", status: "pending" },
  ];
  const plan2 = [
    { title: "Look around", status: "done" },
    { title: "Answer", status: "done" },
  ];
  fake.script(
    {
      toolCalls: [{ name: "updatePlan", args: { steps: plan1 } }],
      usage: { prompt: 300, completion: 10, cost: 0.0025 },
    },
    {
      toolCalls: [{ name: "updatePlan", args: { steps: plan2 } }],
      usage: { prompt: 400, completion: 20, cost: 0.0035 },
    },
    { text: "It is a small Node project.", usage: { prompt: 500, completion: 30, cost: 0.004 } },
  );
  fake.scriptTitle({ text: '"Node project overview."', usage: { prompt: 40, completion: 5, cost: 0.0001 } });
  const titlesBefore = titleRequests().length;
  const charged = async () =>
    (await db.db().serverKeyUsage.findMany({ where: { userId: me.userId } })).reduce(
      (sum, r) => sum + r.requests,
      0,
    );
  const chargedBefore = await charged();
  const res = await ask(threadId, "what is in this project?\nplease be brief");
  assert.equal(res.status, 200);
  await readChatResponse(res);

  // The title: one call, to the configured title model, with the first exchange as data, no tools.
  assert.equal(titleRequests().length, titlesBefore + 1);
  const call = titleRequests().at(-1)!;
  assert.equal(call.model, "openai/gpt-5-mini");
  assert.match(JSON.stringify(call.messages), /what is in this project\?.*small Node project/s);
  assert.equal(await titleOf(threadId), "Node project overview");
  assert.equal(await charged(), chargedBefore + 1, "the title call is not a daily request on the server key");

  // Reload: the stored thread has the latest plan and the answer's summed usage and cost.
  const stored = await threads.loadMessages(threadId);
  assert.deepEqual(latestPlan(stored)?.steps, plan2);
  const usage = stored.at(-1)!.metadata?.usage;
  assert.deepEqual(usage, { inputTokens: 1200, outputTokens: 60, totalTokens: 1260, cost: 0.01 });
  const summaries = await until(turnAudits, (s) => s.length >= 1);
  assert.equal(
    summaries.at(-1),
    "openai/gpt-5 · 1,200 in / 60 out tokens · $0.0100; title openai/gpt-5-mini · 40 in / 5 out tokens · $0.0001",
  );

  // The second answer: no new title call, the title stays, the thread total is the sum.
  fake.script({ text: "Yes.", usage: { prompt: 1500, completion: 5, cost: 0.02 } });
  await readChatResponse(await ask(threadId, "is that all?"));
  assert.equal(titleRequests().length, titlesBefore + 1, "no second title call");
  assert.equal(await titleOf(threadId), "Node project overview");
  const total = threadUsage(await threads.loadMessages(threadId));
  assert.equal(total.inputTokens, 2700);
  assert.ok(Math.abs((total.cost ?? 0) - 0.03) < 1e-9, String(total.cost));
  assert.equal(
    (await until(turnAudits, (s) => s.length >= 2)).at(-1),
    "openai/gpt-5 · 1,500 in / 5 out tokens · $0.0200",
  );

  // The thread's messages as the panel loads them carry the same.
  const view = await callRoute("workspaces/[id]/threads/[threadId]", "GET", {
    cookie: me.cookie,
    params: { id: me.workspaceId, threadId },
  });
  const body = (await view.json()) as { thread: { title: string }; messages: AgentUIMessage[] };
  assert.equal(body.thread.title, "Node project overview");
  assert.deepEqual(latestPlan(body.messages)?.steps, plan2);
});

test("a failed title call keeps the first line as the title", async () => {
  const threadId = await newThread();
  fake.script({ text: "Hello." });
  // No scripted title: the fake answers the title request with a 500.
  const before = titleRequests().length;
  await readChatResponse(await ask(threadId, "say hello to me\nthanks"));
  assert.equal(titleRequests().length, before + 1);
  assert.equal(await titleOf(threadId), "say hello to me");
  fake.scriptTitle({ text: "   " });
  const blank = await newThread();
  fake.script({ text: "Hi." });
  await readChatResponse(await ask(blank, "blank title please"));
  assert.equal(await titleOf(blank), "blank title please", "an empty title is not used");
});

test("a rename while the title is being generated wins", async () => {
  const threadId = await newThread();
  fake.script({ text: "Sure." });
  fake.scriptTitle({ text: "Generated name", delayMs: 400 });
  const before = titleRequests().length;
  const reading = ask(threadId, "rename race").then(readChatResponse);
  await until(
    async () => titleRequests().length,
    (c) => c > before,
    5000,
  );
  await threads.updateThread(me.workspaceId, threadId, { title: "My own name" });
  await reading;
  assert.equal(await titleOf(threadId), "My own name");
});
