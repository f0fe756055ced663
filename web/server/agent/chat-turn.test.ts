// The chat route's writes before the agent runs are one transaction (db/threads.ts writeTurn): a
// retry that changes the approval mode and drops the old answer, whose last write the database
// itself refuses (a trigger), leaves the thread exactly as it was — the old answer stays, the mode
// and updatedAt do not move — and no model call is made. Real route, real SQLite, real bridge.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../http/routes.fixture";
import { readChatResponse } from "./sse.fixture";

let h: ChatRouteEnv<"alice">;
let db: typeof import("../db/client");

before(async () => {
  h = await startChatRouteEnv(["alice"] as const, {});
  db = await import("../db/client");
});
after(() => h?.close());

const chat = (body: object) =>
  callRoute("workspaces/[id]/chat", "POST", {
    cookie: h.users.alice.cookie,
    params: { id: h.users.alice.workspaceId },
    body: { threadId: h.users.alice.threadId, model: "openai/gpt-5", ...body },
  });
const question = (text: string) => ({ id: "q1", role: "user", parts: [{ type: "text", text }] });
const snapshot = async () => {
  const threadId = h.users.alice.threadId;
  return {
    thread: await db.db().chatThread.findUniqueOrThrow({ where: { id: threadId } }),
    messages: await db.db().chatMessage.findMany({ where: { threadId }, orderBy: { createdAt: "asc" } }),
  };
};

test("a turn whose last write fails leaves no partial rows and calls no model", async () => {
  h.fake.script({ text: "The first answer." });
  const first = await chat({ message: question("What is here?"), approvalMode: "ask" });
  assert.equal(first.status, 200);
  await readChatResponse(first);
  const before = await snapshot();
  assert.equal(before.messages.length, 2);
  assert.equal(before.thread.approvalMode, "ask");

  // From here on the database refuses to store the question again (the turn's last write).
  await db
    .db()
    .$executeRawUnsafe(
      `CREATE TRIGGER refuse_q1 BEFORE UPDATE ON "ChatMessage" WHEN NEW."id" = 'q1' BEGIN SELECT RAISE(ABORT, 'refused'); END`,
    );
  const calls = h.fake.requests.length;
  const retry = await chat({ message: question("What is here, really?"), approvalMode: "auto" });
  assert.equal(retry.status, 500);
  assert.deepEqual(await snapshot(), before, "thread and messages exactly as before the turn");
  assert.equal(h.fake.requests.length, calls, "no model call");

  // The same retry goes through once the database accepts it: the old answer goes, the mode moves.
  await db.db().$executeRawUnsafe("DROP TRIGGER refuse_q1");
  h.fake.script({ text: "The second answer." });
  const ok = await chat({ message: question("What is here, really?"), approvalMode: "auto" });
  assert.equal(ok.status, 200);
  await readChatResponse(ok);
  const after = await snapshot();
  assert.equal(after.thread.approvalMode, "auto");
  assert.deepEqual(
    after.messages.map((m) => (m.parts as Array<{ text?: string }>).map((p) => p.text ?? "").join("")),
    ["What is here, really?", "The second answer."],
  );
});
