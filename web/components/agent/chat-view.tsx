"use client";
// One thread's conversation, driven by useChat. Only the newest message is posted (the server holds
// the history), with the thread id and the chosen model; stopping aborts the request, which stops the
// model and cancels a running command in the workspace.
import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport, lastAssistantMessageIsCompleteWithApprovalResponses } from "ai";
import { useEffect, useMemo, useRef } from "react";
import type { AgentUIMessage, ApprovalMode, ChatBody, ModelView, ThreadView } from "@/contract/agent";
import { slimForApproval } from "@/contract/approvals";
import { latestPlan } from "@/contract/plan";
import { formatUsage, threadUsage } from "@/contract/usage";
import { readableError } from "./api";
import { CompactionMarker, compactionMarks } from "./compaction-marker";
import { Composer } from "./composer";
import { useEditorContext } from "./editor-chips";
import { MessageView } from "./message-view";
import { PlanChecklist } from "./plan-checklist";
import { UndoTurn, withStoredCheckpoints } from "./undo-turn";

type Props = {
  workspaceId: string;
  thread: ThreadView;
  initialMessages: AgentUIMessage[];
  models: ModelView[];
  model: string;
  onModel: (id: string) => void;
  onApprovalMode: (m: ApprovalMode) => void;
  onAnswered: () => void;
};

export function ChatView(p: Props) {
  const model = useRef(p.model);
  model.current = p.model;
  const mode = useRef(p.thread.approvalMode);
  mode.current = p.thread.approvalMode;
  const transport = useMemo(
    () =>
      new DefaultChatTransport<AgentUIMessage>({
        api: `/api/workspaces/${p.workspaceId}/chat`,
        prepareSendMessagesRequest: ({ messages }) => {
          const last = messages.at(-1)!;
          // An approval answer: the server keeps the stored copy and only takes the decisions.
          const message = last.role === "assistant" ? slimForApproval(last) : last;
          return {
            body: {
              threadId: p.thread.id,
              model: model.current,
              approvalMode: mode.current,
              message,
            } satisfies Omit<ChatBody, "message"> & { message: AgentUIMessage }, // parts: the AI SDK's type
          };
        },
      }),
    [p.workspaceId, p.thread.id],
  );
  const chat = useChat<AgentUIMessage>({
    id: p.thread.id,
    messages: p.initialMessages,
    transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    onFinish: () => {
      p.onAnswered();
      // The server stores the answer's "after" checkpoint as the stream ends: pick it up for Undo.
      setTimeout(() => {
        withStoredCheckpoints(p.workspaceId, p.thread.id, () => chatRef.current.messages)
          .then((next) => {
            // A newer request is streaming: its own onFinish picks the checkpoints up.
            const live = chatRef.current.status === "submitted" || chatRef.current.status === "streaming";
            if (next && !live) chatRef.current.setMessages(next);
          })
          .catch(() => {});
      }, 500);
    },
  });
  const chatRef = useRef(chat);
  chatRef.current = chat;
  const busy = chat.status === "submitted" || chat.status === "streaming";
  const editor = useEditorContext(p.workspaceId);
  const end = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the newest content
  useEffect(() => {
    // A block body on purpose: newer Chromium returns a Promise from scrollIntoView, and an effect
    // that returns a non-function crashes React when it cleans up.
    end.current?.scrollIntoView({ block: "end" });
  }, [chat.messages]);
  const approve = (id: string, approved: boolean) => void chat.addToolApprovalResponse({ id, approved });
  const plan = useMemo(() => latestPlan(chat.messages), [chat.messages]);
  const total = useMemo(() => threadUsage(chat.messages), [chat.messages]);
  const marks = useMemo(() => compactionMarks(chat.messages), [chat.messages]);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {plan && <PlanChecklist plan={plan} />}
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto p-3" data-testid="agent-messages">
        {chat.messages.length === 0 && (
          <div className="flex h-full flex-col items-center justify-center gap-1 text-center text-xs text-muted-fg">
            <span aria-hidden className="text-2xl text-accent">
              ✦
            </span>
            <p className="text-sm text-fg">Ask the agent about this workspace</p>
            <p>It can read and edit files, run commands, and commit. Edits show up in VS Code on the left.</p>
          </div>
        )}
        {chat.messages.map((m) => (
          <div key={m.id}>
            <MessageView message={m} workspaceId={p.workspaceId} onApprove={approve} />
            <UndoTurn workspaceId={p.workspaceId} threadId={p.thread.id} message={m} />
            {marks.has(m.id) && <CompactionMarker compaction={marks.get(m.id)!} />}
          </div>
        ))}
        {chat.status === "submitted" && <p className="animate-pulse text-xs text-muted-fg">Thinking…</p>}
        {chat.error && (
          <div
            className="rounded-md border border-danger/50 bg-danger/10 p-2 text-xs"
            role="alert"
            data-testid="agent-error"
          >
            <p>{readableError(chat.error)}</p>
            <button
              type="button"
              className="mt-1 rounded bg-danger px-2 py-0.5 text-white"
              onClick={() => {
                chat.clearError();
                void chat.regenerate();
              }}
            >
              Retry
            </button>
          </div>
        )}
        <div ref={end} />
      </div>
      {total.totalTokens !== undefined && (
        <p className="shrink-0 px-3 pb-1 text-right text-[11px] text-muted-fg" data-testid="thread-usage">
          This thread: {formatUsage(total)}
        </p>
      )}
      <Composer
        busy={busy}
        models={p.models}
        model={p.model}
        onModel={p.onModel}
        approvalMode={p.thread.approvalMode}
        onApprovalMode={p.onApprovalMode}
        onSend={(text, editor) =>
          void chat.sendMessage({ text, ...(editor ? { metadata: { editor } } : {}) })
        }
        editor={editor}
        onStop={() => void chat.stop()}
      />
    </div>
  );
}
