// The plan checklist: the pure derivation the panel runs on every streamed message, and the real
// agent loop (real bridge, real OpenRouter provider against the fake) where the model calls
// updatePlan twice: the answer's parts carry both calls, the checklist is the latest, and it changes
// while the second call's input is still streaming. Usage and cost come from the fake's last SSE
// message and add up over the answer's steps.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { readUIMessageStream, type UIMessageChunk } from "ai";
import type { AgentUIMessage } from "../../contract/agent";
import { latestPlan, PLAN_MAX_STEPS, planInput } from "../../contract/plan";
import { formatUsage, threadUsage } from "../../contract/usage";
import { type FakeOpenRouter, startFakeOpenRouter } from "../../testing/fake-openrouter.fixture";
import { agentHarness } from "./agent-harness.fixture";
import { type HostBridge, startHostBridge } from "./host-bridge.fixture";

const planPart = (state: string, steps: unknown) => ({
  type: "tool-updatePlan",
  toolCallId: `c-${Math.random()}`,
  state,
  input: { steps },
});
const msg = (role: "user" | "assistant", parts: unknown[]) => ({ role, parts });

describe("latestPlan (the panel's checklist)", () => {
  test("no plan until the agent makes one", () => {
    assert.equal(latestPlan([]), null);
    assert.equal(latestPlan([msg("user", [{ type: "text", text: "hi" }])]), null);
  });

  test("the newest call wins, across messages and within one", () => {
    const a = [{ title: "Read", status: "in_progress" }];
    const b = [
      { title: "Read", status: "done" },
      { title: "Edit", status: "in_progress" },
    ];
    const c = [
      { title: "Read", status: "done" },
      { title: "Edit", status: "done" },
      { title: "Test", status: "pending" },
    ];
    const plan = latestPlan([
      msg("assistant", [planPart("output-available", a), { type: "text", text: "x" }]),
      msg("user", [{ type: "text", text: "go on" }]),
      msg("assistant", [planPart("output-available", b), planPart("output-available", c)]),
    ]);
    assert.deepEqual(plan, { steps: c, done: 2, streaming: false });
  });

  test("a streaming input shows its complete steps; denied or failed calls do not count", () => {
    const kept = [{ title: "Kept", status: "done" }];
    const plan = latestPlan([
      msg("assistant", [
        planPart("output-available", kept),
        planPart("output-error", [{ title: "Broken", status: "done" }]),
        planPart("output-denied", [{ title: "Denied", status: "done" }]),
      ]),
    ]);
    assert.deepEqual(plan?.steps, kept);
    // Mid-stream: the last step has no title yet, the one before no status yet.
    const live = latestPlan([
      msg("assistant", [
        planPart("input-streaming", [{ title: "One", status: "done" }, { title: "Tw" }, {}]),
      ]),
    ]);
    assert.deepEqual(live, {
      steps: [
        { title: "One", status: "done" },
        { title: "Tw", status: "pending" },
      ],
      done: 1,
      streaming: true,
    });
  });

  test("a plan with nothing showable falls back to the previous one; steps are capped", () => {
    const prev = [{ title: "Prev", status: "pending" }];
    assert.deepEqual(
      latestPlan([msg("assistant", [planPart("output-available", prev), planPart("input-streaming", [{}])])])
        ?.steps,
      prev,
    );
    const many = Array.from({ length: 50 }, (_, i) => ({ title: `s${i}`, status: "weird" }));
    const capped = latestPlan([msg("assistant", [planPart("input-available", many)])])!;
    assert.equal(capped.steps.length, PLAN_MAX_STEPS);
    assert.ok(capped.steps.every((s) => s.status === "pending"));
  });

  test("the tool's input schema refuses empty, oversized and unknown-status plans", () => {
    assert.equal(planInput.safeParse({ steps: [] }).success, false);
    assert.equal(planInput.safeParse({ steps: [{ title: "x", status: "maybe" }] }).success, false);
    assert.equal(planInput.safeParse({ steps: [{ title: "x".repeat(121), status: "done" }] }).success, false);
    const tooMany = Array.from({ length: PLAN_MAX_STEPS + 1 }, () => ({ title: "x", status: "done" }));
    assert.equal(planInput.safeParse({ steps: tooMany }).success, false);
    assert.equal(planInput.safeParse({ steps: [{ title: " Read ", status: "done" }] }).success, true);
  });
});

describe("updatePlan and usage through the real agent loop", () => {
  let bridge: HostBridge;
  let fake: FakeOpenRouter;
  before(async () => {
    [bridge, fake] = await Promise.all([startHostBridge(), startFakeOpenRouter()]);
  });
  after(async () => {
    await Promise.all([bridge?.stop(), fake?.close()]);
  });

  test("two updatePlan calls: no approval even in ask mode, the latest is the checklist, live while streaming", async () => {
    const h = agentHarness(bridge, fake.baseURL, "ask");
    const first = [
      { title: "List files", status: "in_progress" },
      { title: "Summarise", status: "pending" },
    ];
    const second = [
      { title: "List files", status: "done" },
      { title: "Summarise", status: "in_progress" },
    ];
    fake.script(
      {
        text: "Planning.",
        toolCalls: [{ name: "updatePlan", args: { steps: first } }],
        usage: { prompt: 1000, completion: 50, cost: 0.002 },
      },
      { toolCalls: [{ name: "listFiles", args: {} }], usage: { prompt: 1200, completion: 30, cost: 0.003 } },
      {
        toolCalls: [{ name: "updatePlan", args: { steps: second } }],
        usage: { prompt: 1300, completion: 40, cost: 0.004 },
      },
      { text: "Here is the summary.", usage: { prompt: 1400, completion: 60, cost: 0.001 } },
    );
    const answer = await h.send("Summarise this project.");
    const plans = answer.parts.filter((p) => p.type === "tool-updatePlan") as Array<{ state: string }>;
    assert.deepEqual(
      plans.map((p) => p.state),
      ["output-available", "output-available"],
      "ran without asking",
    );
    assert.deepEqual(latestPlan(h.messages)?.steps, second);
    // The tool is offered to the model and described in its list.
    assert.ok(fake.requests.at(-1)!.tools?.some((t) => t.function.name === "updatePlan"));

    // Replay the answer's chunks as the panel receives them: the checklist goes first → second,
    // and shows the second while its input is still streaming.
    const seen: string[] = [];
    const stream = new ReadableStream<UIMessageChunk>({
      start(c) {
        for (const chunk of h.chunks) c.enqueue(chunk);
        c.close();
      },
    });
    for await (const m of readUIMessageStream<AgentUIMessage>({ stream })) {
      const plan = latestPlan([m]);
      const label = plan
        ? `${plan.steps.map((s) => s.status).join(",")}${plan.streaming ? "~" : ""}`
        : "none";
      if (seen.at(-1) !== label) seen.push(label);
    }
    // (The fake streams each call's arguments in two halves: "~" marks a half-streamed input.)
    assert.deepEqual(seen, [
      "none",
      "pending~",
      "in_progress,pending~",
      "in_progress,pending",
      "done~",
      "done,in_progress~",
      "done,in_progress",
    ]);

    // Usage: the provider asked for accounting; tokens and cost are the sums of the four steps.
    assert.ok(fake.requests.slice(-4).every((r) => r.usage?.include === true));
    const usage = answer.metadata?.usage;
    assert.equal(usage?.inputTokens, 1000 + 1200 + 1300 + 1400);
    assert.equal(usage?.outputTokens, 50 + 30 + 40 + 60);
    assert.ok(Math.abs((usage?.cost ?? 0) - 0.01) < 1e-9, String(usage?.cost));
    assert.equal(formatUsage(usage!, { detail: true }), "4,900 in / 180 out tokens · $0.0100");
  });

  test("an approval continues the answer: its usage adds to what the answer had", async () => {
    const h = agentHarness(bridge, fake.baseURL, "ask");
    fake.script({
      toolCalls: [{ name: "runCommand", args: { command: "true" } }],
      usage: { prompt: 500, completion: 10, cost: 0.5 },
    });
    let answer = await h.send("run true");
    assert.equal(answer.metadata?.usage?.cost, 0.5);
    fake.script({ text: "Ran it.", usage: { prompt: 700, completion: 20, cost: 0.25 } });
    answer = await h.respond(true);
    assert.deepEqual(answer.metadata?.usage, {
      inputTokens: 1200,
      outputTokens: 30,
      totalTokens: 1230,
      cost: 0.75,
    });
    fake.script({ text: "Again.", usage: { prompt: 10, completion: 5, cost: 0.125 } });
    await h.send("and again");
    assert.deepEqual(threadUsage(h.messages), {
      inputTokens: 1210,
      outputTokens: 35,
      totalTokens: 1245,
      cost: 0.875,
    });
  });
});
