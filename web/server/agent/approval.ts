// Which tool calls wait for the person. "ask": anything that runs code or leaves the workspace
// (commands, background jobs, push). "auto": only the dangerous ones. The AI SDK turns
// "user-approval" into an approval-requested tool part; the tool runs only after the client sends
// back an approved response, and a denied one goes to the model as "denied" without running.
import type { ToolApprovalStatus } from "ai";
import { dangerousCommand } from "./dangerous";

export type ApprovalMode = "ask" | "auto";
export const APPROVAL_MODES = ["ask", "auto"] as const;

/** Tools that change nothing outside the files the person sees in the editor. */
const ASK_TOOLS = new Set(["runCommand", "startBackground", "stopBackground", "gitPush"]);

export function approvalFor(mode: ApprovalMode, toolName: string, input: unknown): ToolApprovalStatus {
  const args = (input ?? {}) as { command?: unknown; forceWithLease?: unknown };
  if (typeof args.command === "string") {
    const rule = dangerousCommand(args.command);
    if (rule) return { type: "user-approval", reason: `Potentially dangerous: ${rule.reason}` };
  }
  if (toolName === "gitPush" && args.forceWithLease === true) {
    return { type: "user-approval", reason: "Force push rewrites the remote branch" };
  }
  if (mode === "ask" && ASK_TOOLS.has(toolName)) return { type: "user-approval" };
  return "not-applicable";
}
