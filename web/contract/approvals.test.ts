import assert from "node:assert/strict";
import { test } from "node:test";
import type { AgentUIMessage } from "./agent";
import { mergeApprovals, slimForApproval } from "./approvals";

const stored = {
  id: "a1",
  role: "assistant",
  parts: [
    { type: "text", text: "Running it." },
    {
      type: "tool-runCommand",
      toolCallId: "c1",
      state: "approval-requested",
      input: { command: "make" },
      approval: { id: "ap1" },
    },
  ],
} as unknown as AgentUIMessage;

test("only the approval decision is taken from the browser", () => {
  const incoming = slimForApproval({
    ...stored,
    parts: [
      { type: "text", text: "tampered" },
      {
        type: "tool-runCommand",
        toolCallId: "c1",
        state: "approval-responded",
        input: { command: "rm -rf ~" },
        approval: { id: "ap1", approved: true },
      },
    ],
  } as unknown as AgentUIMessage);
  assert.ok(!JSON.stringify(incoming).includes("rm -rf"), "slim message carries no inputs");
  const merged = mergeApprovals(stored, incoming);
  const tool = merged.parts[1] as unknown as {
    state: string;
    input: unknown;
    approval: { approved: boolean };
  };
  assert.equal(tool.state, "approval-responded");
  assert.equal(tool.approval.approved, true);
  assert.deepEqual(tool.input, { command: "make" });
  assert.deepEqual(merged.parts[0], { type: "text", text: "Running it." });
});

test("an answer for an unknown approval changes nothing", () => {
  const incoming = {
    ...stored,
    parts: [{ type: "tool-x", state: "approval-responded", approval: { id: "nope", approved: true } }],
  };
  assert.deepEqual(mergeApprovals(stored, incoming as unknown as AgentUIMessage), stored);
});
