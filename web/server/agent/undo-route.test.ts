// Undo through the real routes: the chat route with KALPANA_AGENT_CHECKPOINTS=1 stores an answer's
// checkpoints, the undo route previews and restores it, and another user gets 404 for both. Real
// bridge process on the host, real OpenRouter provider talking to the local fake model.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import {
  callRoute,
  installFakeRuntime,
  type RouteUser,
  setupAppEnv,
  userWithWorkspace,
} from "../http/routes.fixture";
import { type HostBridge, startHostBridge } from "./host-bridge.fixture";
import { readChatResponse } from "./sse.fixture";

let env: { cleanup: () => void };
let fake: FakeOpenRouter;
let bridge: HostBridge;
let db: typeof import("../db/client");
const users: Record<"alice" | "eve", RouteUser> = {} as never;

before(async () => {
  fake = await startFakeOpenRouter();
  bridge = await startHostBridge();
  env = await setupAppEnv({
    OPENROUTER_API_KEY: "server-key",
    OPENROUTER_BASE_URL: fake.baseURL,
    KALPANA_MODELS: "openai/gpt-5",
    KALPANA_AGENT_CHECKPOINTS: "1",
  });
  // Both workspaces "run" on the host bridge: the runtime answers with its address.
  installFakeRuntime(() => ({ host: "127.0.0.1", bridgePort: Number(new URL(bridge.url).port) }));
  db = await import("../db/client");
  for (const name of ["alice", "eve"] as const) users[name] = await userWithWorkspace(name, bridge.secret);
});

after(async () => {
  const bridges = await import("../workspaces/bridge");
  for (const u of Object.values(users)) bridges.closeSharedBridge(u.workspaceId);
  await bridge?.stop();
  await fake?.close();
  await db?.db().$disconnect();
  env?.cleanup();
});

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
