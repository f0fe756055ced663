// Message ids are chosen by the browser, so they are only unique within a thread. Through the real
// chat route, with two signed-in users, a real bridge process and the real OpenRouter provider
// (talking to the local fake): Eve reusing the id of Alice's message creates her own row and leaves
// Alice's untouched; Eve can neither post into Alice's thread nor into Alice's workspace, and an
// "approval answer" naming Alice's assistant message is refused.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../http/routes.fixture";
import { readChatResponse } from "./sse.fixture";

let h: ChatRouteEnv<"alice" | "eve">;
let fake: ChatRouteEnv<"alice" | "eve">["fake"];
let db: typeof import("../db/client");
const users = {} as ChatRouteEnv<"alice" | "eve">["users"];

before(async () => {
  h = await startChatRouteEnv(["alice", "eve"] as const, {});
  fake = h.fake;
  Object.assign(users, h.users);
  db = await import("../db/client");
});

after(() => h?.close());

const chat = (
  who: "alice" | "eve",
  body: object,
  target: Partial<{ workspaceId: string; threadId: string }> = {},
) =>
  callRoute("workspaces/[id]/chat", "POST", {
    cookie: users[who].cookie,
    params: { id: target.workspaceId ?? users[who].workspaceId },
    body: { threadId: target.threadId ?? users[who].threadId, model: "openai/gpt-5", ...body },
  });
const userMessage = (id: string, text: string) => ({ id, role: "user", parts: [{ type: "text", text }] });

const stored = (threadId: string) =>
  db.db().chatMessage.findMany({ where: { threadId }, orderBy: { createdAt: "asc" } });
const texts = (rows: Array<{ parts: unknown }>) =>
  rows.map((r) => (r.parts as Array<{ text?: string }>).map((p) => p.text ?? "").join(""));

test("reusing another user's message id writes a new row in your own thread; theirs is unchanged", async () => {
  fake.script({ text: "Hello Alice." });
  const first = await chat("alice", { message: userMessage("m-shared", "Alice's private question") });
  assert.equal(first.status, 200);
  const { message: answer } = await readChatResponse(first);
  assert.ok(answer?.id);
  const aliceBefore = await stored(users.alice.threadId);
  assert.deepEqual(texts(aliceBefore), ["Alice's private question", "Hello Alice."]);

  fake.script({ text: "Hello Eve." });
  const eve = await chat("eve", { message: userMessage("m-shared", "EVE WAS HERE") });
  assert.equal(eve.status, 200);
  await readChatResponse(eve);

  const aliceAfter = await stored(users.alice.threadId);
  assert.deepEqual(texts(aliceAfter), texts(aliceBefore), "Alice's thread is untouched");
  assert.deepEqual(texts(await stored(users.eve.threadId)), ["EVE WAS HERE", "Hello Eve."]);
  assert.equal(await db.db().chatMessage.count({ where: { id: "m-shared" } }), 2, "one row per thread");
  // What Eve's model saw is Eve's conversation only.
  assert.doesNotMatch(JSON.stringify(fake.requests.at(-1)?.messages), /Alice's private question/);

  // An "approval answer" naming Alice's assistant message is refused in Eve's thread.
  const forged = await chat("eve", {
    message: { id: answer!.id, role: "assistant", parts: [{ type: "text", text: "forged" }] },
  });
  assert.equal(forged.status, 409);
  assert.deepEqual(texts(await stored(users.alice.threadId)), texts(aliceBefore));
});

test("another user's thread or workspace answers 404 and stores nothing", async () => {
  const before = await db.db().chatMessage.count();
  const intoThread = await chat(
    "eve",
    { message: userMessage("m-x", "into Alice's thread") },
    {
      threadId: users.alice.threadId,
    },
  );
  assert.equal(intoThread.status, 404);
  const intoWorkspace = await chat(
    "eve",
    { message: userMessage("m-y", "into Alice's workspace") },
    {
      workspaceId: users.alice.workspaceId,
      threadId: users.alice.threadId,
    },
  );
  assert.equal(intoWorkspace.status, 404);
  assert.equal(await db.db().chatMessage.count(), before);
});
