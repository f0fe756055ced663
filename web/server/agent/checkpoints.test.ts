// Per-turn checkpoints around a scripted answer: the REAL agent loop and tools, a REAL bridge
// process on a temp git repo, the real OpenRouter provider talking to the local fake model.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { agentHarness } from "./agent-harness.fixture";
import { beginTurn, endTurn, undoable } from "./checkpoints";
import { type HostBridge, startHostBridge } from "./host-bridge.fixture";

let bridge: HostBridge;
let fake: FakeOpenRouter;
before(async () => {
  [bridge, fake] = await Promise.all([startHostBridge(), startFakeOpenRouter()]);
});
after(async () => {
  await Promise.all([bridge?.stop(), fake?.close()]);
});

const file = (rel: string) => path.join(bridge.root, rel);
const read = (rel: string) => readFileSync(file(rel), "utf8");
const git = (...a: string[]) => execFileSync("git", a, { cwd: bridge.root });
const personState = () =>
  [
    git("status", "--porcelain=v2", "-z", "--untracked-files=all"),
    git("ls-files", "-s"),
    git("stash", "list"),
    git("rev-parse", "HEAD"),
  ]
    .map((b) => b.toString("hex"))
    .join("|");

test("undo: a scripted answer's writes, edits and deletes come back; a later manual edit is a conflict", async () => {
  writeFileSync(file("notes.txt"), "untracked notes\n");
  writeFileSync(file("plan.md"), "plan v1\n");
  const state = personState();
  const h = agentHarness(bridge, fake.baseURL, "auto");
  fake.script(
    {
      toolCalls: [
        { name: "editFile", args: { path: "hello.txt", oldString: "world", newString: "agent" } },
        { name: "writeFile", args: { path: "src/made.ts", content: "export {};\n" } },
        { name: "writeFile", args: { path: "plan.md", content: "plan v2 by agent\n" } },
        { name: "deleteFile", args: { path: "notes.txt" } },
        { name: "deleteFile", args: { path: "README.md" } },
      ],
    },
    { text: "Done." },
  );
  const start = await beginTurn(bridge.client);
  await h.send("Change things.");
  const cp = await endTurn(bridge.client, start);
  assert.equal(cp.changed, true, JSON.stringify(cp));
  assert.equal(read("hello.txt"), "hello agent\n");
  assert.equal(existsSync(file("notes.txt")), false);

  writeFileSync(file("plan.md"), "plan v3 by the person\n");
  const answer = { id: "a", role: "assistant" as const, parts: [], metadata: { checkpoint: cp } };
  const pair = undoable(answer);
  assert.ok(pair);
  const preview = await bridge.client.checkpoint.diff(pair);
  assert.deepEqual(
    preview.changes.map((c) => `${c.status} ${c.path}${c.conflict ? " (conflict)" : ""}`),
    [
      "deleted README.md",
      "modified hello.txt",
      "deleted notes.txt",
      "modified plan.md (conflict)",
      "added src/made.ts",
    ],
  );
  const r = await bridge.client.checkpoint.restore(pair);
  assert.deepEqual(r.conflicts, ["plan.md"]);
  assert.equal(read("hello.txt"), "hello world\n");
  assert.equal(read("README.md"), "# Demo\n\nA tiny project.\n");
  assert.equal(read("notes.txt"), "untracked notes\n");
  assert.equal(read("plan.md"), "plan v3 by the person\n", "the person's later edit is kept");
  assert.equal(existsSync(file("src/made.ts")), false);
  writeFileSync(file("plan.md"), "plan v1\n");
  assert.equal(personState(), state, "git status, index, stash and HEAD are as before");
});

test("undo: an answer that changed nothing offers no undo; an approval keeps the first checkpoint", async () => {
  const start = await beginTurn(bridge.client);
  const cp = await endTurn(bridge.client, start);
  assert.equal(cp.changed, false);
  assert.equal(undoable({ id: "a", role: "assistant", parts: [], metadata: { checkpoint: cp } }), null);
  const again = await beginTurn(bridge.client, {
    id: "a",
    role: "assistant",
    parts: [],
    metadata: { checkpoint: cp },
  });
  assert.deepEqual(again, { before: cp.before, beforeTree: cp.beforeTree });
  // A user message never carries checkpoints the browser could choose.
  assert.equal(
    undoable({ id: "u", role: "user", parts: [], metadata: { checkpoint: { ...cp, changed: true } } }),
    null,
  );
});
