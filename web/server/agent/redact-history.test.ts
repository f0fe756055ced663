// Tool outputs kept in the chat history go through the same credential masking as audit
// summaries: a real command (real bridge process) prints a workspace .env full of tokens, the
// real agent loop runs it, and the message the chat route stores (real SQLite) holds none of them.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { setupDomainEnv, type TestEnv } from "../workspaces/test-env.fixture";
import { agentHarness } from "./agent-harness.fixture";
import { type HostBridge, startHostBridge } from "./host-bridge.fixture";

// Built from pieces so the repository itself holds nothing that looks like a live credential.
const GH = `ghp_${"Ab1".repeat(12)}`;
const PAT = `github_pat_${"11AAZZ".repeat(5)}_${"x9".repeat(20)}`;
const OR = `sk-or-v1-${"0f".repeat(32)}`;
const URL = `https://bob:${"s3cr3t".repeat(3)}@git.example.com/r.git`;
const SECRETS = [GH, PAT, OR, "s3cr3ts3cr3t"];

let env: TestEnv;
let bridge: HostBridge;
let fake: FakeOpenRouter;
before(async () => {
  env = setupDomainEnv();
  [bridge, fake] = await Promise.all([startHostBridge(), startFakeOpenRouter()]);
  writeFileSync(
    path.join(bridge.root, ".env"),
    `GITHUB_TOKEN=${GH}\nPAT=${PAT}\nOPENROUTER=${OR}\nREMOTE=${URL}\n`,
  );
});
after(async () => {
  await Promise.all([bridge?.stop(), fake?.close()]);
  env?.cleanup();
});

test("a stored answer keeps no token that a command printed", async () => {
  const { db } = await import("../db/client");
  const { storeMessage } = await import("./chat");
  const { loadMessages } = await import("./threads");
  await db().user.create({ data: { id: "u-r", name: "R", email: "r@example.com" } });
  const w = await db().workspace.create({
    data: {
      userId: "u-r",
      name: "r",
      template: "node",
      bridgeSecret: "x",
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 100,
    },
  });
  const thread = await db().chatThread.create({ data: { workspaceId: w.id, userId: "u-r", title: "t" } });

  const h = agentHarness(bridge, fake.baseURL, "auto");
  fake.script(
    { toolCalls: [{ name: "runCommand", args: { command: "cat .env" } }] },
    { toolCalls: [{ name: "readFile", args: { path: ".env" } }] },
    { toolCalls: [{ name: "runCommand", args: { command: `echo ${GH} >&2; exit 1` } }] },
    { text: `Your token is ${GH}.` },
  );
  const answer = await h.send("show me the env file");
  // The run itself saw the secrets (the command really printed them) ...
  const live = JSON.stringify(answer);
  for (const s of SECRETS) assert.ok(live.includes(s), `the command output should contain ${s.slice(0, 8)}…`);

  for (const m of h.messages) await storeMessage(thread.id, m);
  const stored = JSON.stringify(await loadMessages(thread.id));
  // ... the stored history does not, and still says what happened.
  for (const s of SECRETS) assert.ok(!stored.includes(s), `${s.slice(0, 8)}… reached the stored history`);
  assert.match(stored, /GITHUB_TOKEN=\[redacted\]/);
  assert.match(stored, /OPENROUTER=\[redacted\]/);
  assert.match(stored, /https:\/\/\[redacted\]@git\.example\.com/);
  assert.match(stored, /Your token is \[redacted\]/);
  assert.match(stored, /"command":"echo \[redacted\] >&2; exit 1"/);
  // Two runCommand parts and a readFile part, all finished, with their outputs kept.
  const parts = (await loadMessages(thread.id)).at(-1)!.parts as Array<{ type: string; state?: string }>;
  assert.deepEqual(
    parts.filter((p) => p.type.startsWith("tool-")).map((p) => `${p.type}:${p.state}`),
    [
      "tool-runCommand:output-available",
      "tool-readFile:output-available",
      "tool-runCommand:output-available",
    ],
  );
});

test("a call waiting for approval keeps its input exactly (it runs once approved)", async () => {
  const { redactStoredMessage } = await import("./redact");
  const m = redactStoredMessage({
    id: "a",
    role: "assistant",
    parts: [
      {
        type: "tool-runCommand",
        toolCallId: "c1",
        state: "approval-requested",
        input: { command: `gh auth login --with-token <<< ${GH}` },
        approval: { id: "p1" },
      },
    ] as never,
  });
  assert.ok(JSON.stringify(m).includes(GH));
});
