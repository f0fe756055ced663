// An approval answer re-sends the assistant message it belongs to. The stored copy stays the source
// of truth: only the approval decisions are taken from the browser, so a client cannot rewrite tool
// inputs or outputs it received, and the request stays small (outputs are not sent back).
import type { AgentUIMessage } from "./agent";

type ToolPartLike = {
  type: string;
  toolCallId?: string;
  state?: string;
  approval?: { id: string; approved?: boolean; reason?: string };
};

export function mergeApprovals(stored: AgentUIMessage, incoming: AgentUIMessage): AgentUIMessage {
  const answers = new Map<string, { approved: boolean; reason?: string }>();
  for (const p of incoming.parts as ToolPartLike[]) {
    if (p.state === "approval-responded" && p.approval && typeof p.approval.approved === "boolean") {
      answers.set(p.approval.id, { approved: p.approval.approved, reason: p.approval.reason });
    }
  }
  const parts = (stored.parts as ToolPartLike[]).map((p) => {
    const answer = p.state === "approval-requested" && p.approval ? answers.get(p.approval.id) : undefined;
    if (!answer || !p.approval) return p;
    return { ...p, state: "approval-responded", approval: { ...p.approval, ...answer } };
  });
  return { ...stored, parts: parts as AgentUIMessage["parts"] };
}

/** What the browser sends for an approval: tool parts without their (possibly large) payloads. */
export function slimForApproval(m: AgentUIMessage): AgentUIMessage {
  const parts = (m.parts as Array<ToolPartLike & Record<string, unknown>>).map((p) =>
    p.type.startsWith("tool-")
      ? { type: p.type, toolCallId: p.toolCallId, state: p.state, approval: p.approval }
      : { type: "step-start" },
  );
  return { ...m, parts: parts as AgentUIMessage["parts"] };
}
