// The agent against a workspace whose bridge port answers wrongly (bridge/client/hostile-bridge
// .fixture.ts: a real socket.io server), through the real run loop, tools, provider and bridge
// client. Each broken reply must come back to the model as a tool error, the process must not
// crash, and another user's agent on a healthy real bridge is served at the same time.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connectBridge } from "@kalpana/bridge/client";
import { type HostileBridge, startHostileBridge } from "../../../bridge/client/hostile-bridge.fixture";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { agentHarness } from "./agent-harness.fixture";
import { type HostBridge, startHostBridge } from "./host-bridge.fixture";

type Part = { type: string; state?: string; output?: Record<string, unknown> };
const toolParts = (m: { parts: unknown[] }) => (m.parts as Part[]).filter((p) => p.type.startsWith("tool-"));

const tripped: unknown[] = [];
const trip = (e: unknown) => tripped.push(e);
let hostile: HostileBridge;
let hostileHost: HostBridge;
let healthy: HostBridge;
let fakeA: FakeOpenRouter;
let fakeB: FakeOpenRouter;

before(async () => {
  process.on("uncaughtException", trip);
  process.on("unhandledRejection", trip);
  [hostile, healthy, fakeA, fakeB] = await Promise.all([
    startHostileBridge(),
    startHostBridge(),
    startFakeOpenRouter(),
    startFakeOpenRouter(),
  ]);
  const client = await connectBridge(hostile.url, hostile.secret, { timeoutMs: 3000 });
  hostileHost = {
    root: "/nonexistent",
    url: hostile.url,
    secret: hostile.secret,
    client,
    stop: async () => {},
  };
});
after(async () => {
  hostileHost?.client.close();
  await Promise.all([hostile?.close(), healthy?.stop(), fakeA?.close(), fakeB?.close()]);
  process.off("uncaughtException", trip);
  process.off("unhandledRejection", trip);
});

test("hostile bridge through the agent: broken replies are tool errors; another agent is served meanwhile", async () => {
  const bad = agentHarness(hostileHost, fakeA.baseURL, "auto");
  fakeA.script(
    { toolCalls: [{ name: "readFile", args: { path: "null-ack" } }] },
    { toolCalls: [{ name: "readFile", args: { path: "wrong-type" } }] },
    { toolCalls: [{ name: "runCommand", args: { command: "chunk-flood" } }] },
    { toolCalls: [{ name: "runCommand", args: { command: "lastseq-lie" } }] },
    { toolCalls: [{ name: "readFile", args: { path: "never" } }] },
    { text: "The workspace answers nonsense." },
  );
  const good = agentHarness(healthy, fakeB.baseURL, "auto");
  fakeB.script({ toolCalls: [{ name: "readFile", args: { path: "hello.txt" } }] }, { text: "Read it." });

  const [badAnswer, goodAnswer] = await Promise.all([bad.send("read and run"), good.send("read hello")]);

  const parts = toolParts(badAnswer);
  assert.equal(parts.length, 5, JSON.stringify(badAnswer.parts));
  const errors = parts.map((p) => String(p.output?.error ?? ""));
  assert.match(errors[0]!, /^EPROTO/);
  assert.match(errors[1]!, /^EPROTO/);
  assert.match(errors[2]!, /^EPROTO/);
  assert.match(errors[3]!, /^EPROTO/);
  assert.match(errors[4]!, /^ETIMEOUT/);
  assert.match(JSON.stringify(badAnswer.parts), /answers nonsense/);
  assert.deepEqual(
    bad.audit.map((a) => a.outcome),
    ["error", "error", "error", "error", "error"],
  );

  assert.equal(toolParts(goodAnswer)[0]!.state, "output-available");
  assert.match(String(toolParts(goodAnswer)[0]!.output!.content), /hello world/);
  assert.deepEqual(tripped, []);
});
