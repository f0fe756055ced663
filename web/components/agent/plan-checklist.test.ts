// The panel's plan checklist, per-answer usage and thread total, rendered by React (server
// rendering of the real components, no browser): what a reload shows from stored messages.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { tsImport } from "tsx/esm/api";
import type { AgentUIMessage } from "@/contract/agent";

const webRoot = path.resolve(import.meta.dirname, "../..");
// The components use the app's "@/..." alias: load them with the web tsconfig.
const load = <T>(file: string) =>
  tsImport(path.join(webRoot, "components/agent", file), {
    parentURL: import.meta.url,
    tsconfig: path.join(webRoot, "tsconfig.json"),
  }) as Promise<T>;

const plan = (steps: Array<[string, string]>, state = "output-available") => ({
  type: "tool-updatePlan",
  toolCallId: `c${Math.random()}`,
  state,
  input: { steps: steps.map(([title, status]) => ({ title, status })) },
  ...(state === "output-available" ? { output: { ok: true } } : {}),
});
const messages = [
  { id: "u1", role: "user", parts: [{ type: "text", text: "do it" }] },
  {
    id: "a1",
    role: "assistant",
    parts: [
      plan([["Read <files>", "in_progress"]]),
      plan([
        ["Read <files>", "done"],
        ["Edit", "in_progress"],
        ["Test", "pending"],
      ]),
      { type: "text", text: "Working." },
    ],
    metadata: {
      model: "openai/gpt-5",
      usage: { inputTokens: 1200, outputTokens: 60, totalTokens: 1260, cost: 0.01 },
    },
  },
  { id: "u2", role: "user", parts: [{ type: "text", text: "more" }] },
  {
    id: "a2",
    role: "assistant",
    parts: [{ type: "text", text: "Done." }],
    metadata: {
      model: "openai/gpt-5",
      usage: { inputTokens: 300, outputTokens: 40, totalTokens: 340, cost: 0.0025 },
    },
  },
] as unknown as AgentUIMessage[];

test("the chat view pins the latest plan above the thread and shows usage per answer and in total", async () => {
  const { ChatView } = await load<typeof import("./chat-view")>("chat-view.tsx");
  const html = renderToStaticMarkup(
    createElement(ChatView, {
      workspaceId: "w1",
      thread: { id: "t1", title: "x", approvalMode: "ask", model: null, createdAt: "", updatedAt: "" },
      initialMessages: messages,
      models: [],
      model: "openai/gpt-5",
      onModel: () => {},
      onApprovalMode: () => {},
      onAnswered: () => {},
    }),
  );
  const planAt = html.indexOf('data-testid="agent-plan"');
  assert.ok(
    planAt >= 0 && planAt < html.indexOf('data-testid="agent-messages"'),
    "checklist above the thread",
  );
  const steps = [
    ...html.matchAll(
      /data-testid="agent-plan-step" data-status="(\w+)"><span aria-hidden="true">.<\/span><span[^>]*>([^<]*)</g,
    ),
  ];
  assert.deepEqual(
    steps.map((m) => `${m[1]}:${m[2]}`),
    ["done:Read &lt;files&gt;", "in_progress:Edit", "pending:Test"],
    "the latest plan, text escaped",
  );
  assert.match(html, /data-testid="agent-plan-progress">1\/3 done</);
  // Each plan call is a one-line marker in the answer, not a tool card.
  assert.equal(html.match(/data-testid="plan-updated"/g)?.length, 2);
  assert.doesNotMatch(html, /updatePlan/);
  const usage = [...html.matchAll(/data-testid="usage">([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(usage, [
    "openai/gpt-5 · 1,200 in / 60 out tokens · $0.0100",
    "openai/gpt-5 · 300 in / 40 out tokens · $0.0025",
  ]);
  assert.match(html, /data-testid="thread-usage">This thread: 1,600 tokens · \$0\.0125</);
});

test("no plan, no checklist; a failed plan call shows as a tool card", async () => {
  const { MessageView } = await load<typeof import("./message-view")>("message-view.tsx");
  const { ChatView } = await load<typeof import("./chat-view")>("chat-view.tsx");
  const failed = {
    ...plan([["x", "done"]], "output-error"),
    errorText: "Invalid input",
  };
  const html = renderToStaticMarkup(
    createElement(MessageView, {
      message: { id: "a", role: "assistant", parts: [failed] } as unknown as AgentUIMessage,
      workspaceId: "w1",
      onApprove: () => {},
    }),
  );
  assert.match(html, /updatePlan/);
  assert.doesNotMatch(html, /plan-updated/);
  const empty = renderToStaticMarkup(
    createElement(ChatView, {
      workspaceId: "w1",
      thread: { id: "t2", title: "x", approvalMode: "ask", model: null, createdAt: "", updatedAt: "" },
      initialMessages: [messages[0]!],
      models: [],
      model: "openai/gpt-5",
      onModel: () => {},
      onApprovalMode: () => {},
      onAnswered: () => {},
    }),
  );
  assert.doesNotMatch(empty, /agent-plan|thread-usage/);
});
