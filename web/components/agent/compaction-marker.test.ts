// The compaction marker in the panel, rendered by React (server rendering of the real components):
// it sits right after the last message the summary covers, opens to the summary (escaped), and
// every stored message, summarised or not, is still in the thread.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { tsImport } from "tsx/esm/api";
import type { AgentUIMessage } from "@/contract/agent";

const webRoot = path.resolve(import.meta.dirname, "../..");
const load = <T>(file: string) =>
  tsImport(path.join(webRoot, "components/agent", file), {
    parentURL: import.meta.url,
    tsconfig: path.join(webRoot, "tsconfig.json"),
  }) as Promise<T>;

const text = (id: string, role: "user" | "assistant", t: string, metadata?: object) =>
  ({ id, role, parts: [{ type: "text", text: t }], ...(metadata ? { metadata } : {}) }) as AgentUIMessage;
const compaction = {
  summary: "The person asked for <b>a fix</b>; a.txt was read.",
  through: "a1",
  messages: 2,
  contextWindow: 24000,
  createdAt: 1,
};

test("the marker follows the last summarised message, shows the summary, and hides no message", async () => {
  const { ChatView } = await load<typeof import("./chat-view")>("chat-view.tsx");
  const render = (initialMessages: AgentUIMessage[]) =>
    renderToStaticMarkup(
      createElement(ChatView, {
        workspaceId: "w1",
        thread: { id: "t1", title: "x", approvalMode: "ask", model: null, createdAt: "", updatedAt: "" },
        initialMessages,
        models: [],
        model: "fake/small",
        onModel: () => {},
        onApprovalMode: () => {},
        onAnswered: () => {},
      }),
    );
  const html = render([
    text("u1", "user", "FIRST-QUESTION"),
    text("a1", "assistant", "FIRST-ANSWER"),
    text("u2", "user", "SECOND-QUESTION"),
    text("a2", "assistant", "SECOND-ANSWER", { compaction }),
  ]);
  for (const t of ["FIRST-QUESTION", "FIRST-ANSWER", "SECOND-QUESTION", "SECOND-ANSWER"])
    assert.ok(html.includes(t), t);
  assert.equal(html.match(/data-testid="compaction-marker"/g)?.length, 1);
  const at = html.indexOf('data-testid="compaction-marker"');
  assert.ok(html.indexOf("FIRST-ANSWER") < at && at < html.indexOf("SECOND-QUESTION"), "right after a1");
  assert.match(html, /Earlier messages summarised/);
  assert.match(html, /instead of the 2 messages above \(its context window is 24,000 tokens\)/);
  assert.match(
    html,
    /data-testid="compaction-summary">The person asked for &lt;b&gt;a fix&lt;\/b&gt;; a\.txt was read\.</,
  );

  const plain = render([text("u1", "user", "q"), text("a1", "assistant", "a")]);
  assert.doesNotMatch(plain, /compaction-marker/);
});
