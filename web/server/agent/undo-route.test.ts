// Undo through the real routes: the chat route with KALPANA_AGENT_CHECKPOINTS=1 stores an answer's
// checkpoints, the undo route previews and restores it, and another user gets 404 for both. Real
// bridge process on the host, real OpenRouter provider talking to the local fake model.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { type ChatRouteEnv, callRoute, startChatRouteEnv } from "../http/routes.fixture";
import { readChatResponse } from "./sse.fixture";

let h: ChatRouteEnv<"alice" | "eve">;
let fake: ChatRouteEnv<"alice" | "eve">["fake"];
let bridge: ChatRouteEnv<"alice" | "eve">["bridge"];
let db: typeof import("../db/client");
const users = {} as ChatRouteEnv<"alice" | "eve">["users"];

before(async () => {
  h = await startChatRouteEnv(["alice", "eve"] as const, { KALPANA_AGENT_CHECKPOINTS: "1" });
  ({ fake, bridge } = h);
  Object.assign(users, h.users);
  db = await import("../db/client");
});

after(() => h?.close());

const undo = (who: "alice" | "eve", method: "GET" | "POST", messageId: string, body?: object) =>
  callRoute("workspaces/[id]/threads/[threadId]/messages/[messageId]/undo", method, {
    cookie: users[who].cookie,
    params: { id: users.alice.workspaceId, threadId: users.alice.threadId, messageId },
    ...(body ? { body } : {}),
  });

test("undo route: preview and restore an answer's changes; another user gets 404", async () => {
  const file = (rel: string) => path.join(bridge.root, rel);
  fake.script(
    {
      toolCalls: [
        { name: "writeFile", args: { path: "made.txt", content: "by the agent\n" } },
        { name: "editFile", args: { path: "hello.txt", oldString: "world", newString: "undo" } },
      ],
    },
    { text: "Done." },
  );
  const res = await callRoute("workspaces/[id]/chat", "POST", {
    cookie: users.alice.cookie,
    params: { id: users.alice.workspaceId },
    body: {
      threadId: users.alice.threadId,
      model: "openai/gpt-5",
      message: { id: "m-undo", role: "user", parts: [{ type: "text", text: "make and edit" }] },
    },
  });
  assert.equal(res.status, 200);
  const { message } = await readChatResponse(res);
  const id = message!.id;
  assert.equal(readFileSync(file("hello.txt"), "utf8"), "hello undo\n");
  // The answer is stored (with its checkpoints) as the stream ends.
  let row = null as null | { metadata: unknown };
  for (let i = 0; i < 50 && !(row?.metadata as { checkpoint?: unknown })?.checkpoint; i++) {
    row = await db.db().chatMessage.findFirst({ where: { threadId: users.alice.threadId, id } });
    await new Promise((r) => setTimeout(r, 100));
  }
  const cp = (row?.metadata as { checkpoint?: { changed?: boolean } } | undefined)?.checkpoint;
  assert.equal(cp?.changed, true, JSON.stringify(row?.metadata));

  assert.equal((await undo("eve", "GET", id)).status, 404);
  assert.equal((await undo("eve", "POST", id, {})).status, 404);
  assert.equal(existsSync(file("made.txt")), true, "Eve changed nothing");

  writeFileSync(file("hello.txt"), "hello person\n");
  const preview = await undo("alice", "GET", id);
  assert.equal(preview.status, 200);
  assert.deepEqual(await preview.json(), {
    changes: [
      { path: "hello.txt", status: "modified", conflict: true },
      { path: "made.txt", status: "added", conflict: false },
    ],
    conflicts: ["hello.txt"],
  });
  const done = await undo("alice", "POST", id, {});
  assert.equal(done.status, 200);
  assert.deepEqual(await done.json(), { restored: ["made.txt"], conflicts: ["hello.txt"] });
  assert.equal(existsSync(file("made.txt")), false);
  assert.equal(readFileSync(file("hello.txt"), "utf8"), "hello person\n");
  const after = await db.db().chatMessage.findFirst({ where: { threadId: users.alice.threadId, id } });
  assert.equal(
    typeof (after?.metadata as { checkpoint?: { undoneAt?: number } } | undefined)?.checkpoint?.undoneAt,
    "number",
  );
  // A user message has no checkpoints to undo.
  assert.equal((await undo("alice", "GET", "m-undo")).status, 409);
});
