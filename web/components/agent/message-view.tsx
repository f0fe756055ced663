"use client";
// One chat message: the person's text, or the agent's text, tool cards and token usage.
import type { AgentUIMessage } from "@/contract/agent";
import { describeActiveFile, type EditorAttachment } from "@/contract/editor";
import { formatUsage } from "@/contract/usage";
import { Markdown } from "./markdown";
import { ToolCard, type ToolPart } from "./tool-card";

export function MessageView({
  message,
  workspaceId,
  onApprove,
}: {
  message: AgentUIMessage;
  workspaceId: string;
  onApprove: (approvalId: string, approved: boolean) => void;
}) {
  if (message.role === "user") {
    const text = message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
    return (
      <div
        className="ml-8 rounded-lg bg-accent/10 px-3 py-2 text-sm whitespace-pre-wrap"
        data-testid="user-message"
      >
        {message.metadata?.editor && <SentWith editor={message.metadata.editor} />}
        {text}
      </div>
    );
  }
  const usage = message.metadata?.usage;
  return (
    <div className="min-w-0" data-testid="assistant-message">
      {message.parts.map((p, i) => {
        const key = `${message.id}-${i}`;
        if (p.type === "text") return <Markdown key={key} text={p.text} />;
        // The plan itself is pinned above the thread (plan-checklist.tsx); here only a marker.
        if (p.type === "tool-updatePlan" && (p as { state?: string }).state !== "output-error") {
          return (
            <p key={key} className="my-1 text-[11px] text-muted-fg" data-testid="plan-updated">
              ✓ plan updated
            </p>
          );
        }
        if (p.type.startsWith("tool-")) {
          return (
            <ToolCard
              key={key}
              part={p as unknown as ToolPart}
              workspaceId={workspaceId}
              onApprove={onApprove}
            />
          );
        }
        return null;
      })}
      {usage?.totalTokens !== undefined && (
        <p className="mt-1 text-[11px] text-muted-fg" data-testid="usage">
          {message.metadata?.model} · {formatUsage(usage, { detail: true })}
        </p>
      )}
    </div>
  );
}

/** The chips a message was sent with. */
function SentWith({ editor }: { editor: EditorAttachment }) {
  const labels = [
    ...(editor.activeFile ? [describeActiveFile(editor.activeFile)] : []),
    ...editor.files.map((f) => `@${f}`),
  ];
  if (labels.length === 0) return null;
  return (
    <span className="mb-1 block font-mono text-[11px] text-muted-fg" data-testid="sent-with">
      {labels.join(" · ")}
    </span>
  );
}
