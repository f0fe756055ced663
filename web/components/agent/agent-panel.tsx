"use client";
// The agent's right-hand pane: thread picker (new / rename / delete), the conversation, and the
// workspace's activity log (with its MCP servers above it). Mount it as <AgentPanel workspaceId={id} /> inside a flex column of
// full height; it fills its parent.
import "./agent.css";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AgentUIMessage, ApprovalMode, ModelView, ThreadView } from "@/contract/agent";
import { agentApi } from "./api";
import { AuditList } from "./audit-list";
import { ChatView } from "./chat-view";
import { McpServers } from "./mcp-servers";
import { ThreadBar } from "./thread-bar";

type Loaded = { thread: ThreadView; messages: AgentUIMessage[] };

export function AgentPanel({ workspaceId }: { workspaceId: string }) {
  const api = agentApi(workspaceId);
  const [threads, setThreads] = useState<ThreadView[] | null>(null);
  const [current, setCurrent] = useState<Loaded | null>(null);
  const [models, setModels] = useState<ModelView[]>([]);
  const [model, setModel] = useState("");
  const [tab, setTab] = useState<"chat" | "activity">("chat");
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => setThreads(await agentApi(workspaceId).threads()), [workspaceId]);
  const open = useCallback(
    async (id: string) => {
      const r = await agentApi(workspaceId).thread(id);
      setCurrent({ thread: r.thread, messages: r.messages as AgentUIMessage[] });
      if (r.thread.model) setModel(r.thread.model);
    },
    [workspaceId],
  );

  // StrictMode runs effects twice in development: without this guard a workspace with no thread
  // would get two "New chat" threads on first open.
  const booted = useRef<string | null>(null);
  useEffect(() => {
    if (booted.current === workspaceId) return;
    booted.current = workspaceId;
    const a = agentApi(workspaceId);
    a.models().then(
      (m) => {
        setModels(m.models);
        setModel((cur) => cur || m.default);
      },
      (e: Error) => setError(e.message),
    );
    a.threads().then(
      async (list) => {
        setThreads(list);
        const first = list[0] ?? (await a.createThread());
        if (!list[0]) setThreads([first]);
        await open(first.id);
      },
      (e: Error) => setError(e.message),
    );
  }, [workspaceId, open]);

  const act = (fn: () => Promise<unknown>) => fn().catch((e: Error) => setError(e.message));
  const create = () =>
    act(async () => {
      const t = await api.createThread();
      await refresh();
      await open(t.id);
    });
  const rename = (title: string) =>
    current &&
    act(async () => {
      await api.updateThread(current.thread.id, { title });
      await refresh();
    });
  const remove = () =>
    current &&
    act(async () => {
      await api.deleteThread(current.thread.id);
      const rest = (threads ?? []).filter((t) => t.id !== current.thread.id);
      const next = rest[0] ?? (await api.createThread());
      await refresh();
      await open(next.id);
    });
  // Optimistic: the toggle answers at once; the stored mode (what the server enforces) follows.
  const setMode = (approvalMode: ApprovalMode) => {
    if (!current) return;
    const before = current;
    setCurrent({ ...before, thread: { ...before.thread, approvalMode } });
    api.updateThread(before.thread.id, { approvalMode }).catch((e: Error) => {
      setCurrent(before);
      setError(e.message);
    });
  };

  return (
    <div className="flex h-full min-h-0 flex-col bg-bg" data-testid="agent-panel">
      <ThreadBar
        threads={threads ?? []}
        currentId={current?.thread.id}
        tab={tab}
        onTab={setTab}
        onSelect={(id) => act(() => open(id))}
        onCreate={create}
        onRename={rename}
        onDelete={remove}
      />
      {error && (
        <button
          type="button"
          onClick={() => setError(null)}
          className="bg-danger/10 px-3 py-1 text-left text-xs text-danger"
        >
          {error} (dismiss)
        </button>
      )}
      {tab === "activity" ? (
        <>
          <McpServers workspaceId={workspaceId} />
          <AuditList workspaceId={workspaceId} />
        </>
      ) : current ? (
        <ChatView
          key={current.thread.id}
          workspaceId={workspaceId}
          thread={current.thread}
          initialMessages={current.messages}
          models={models}
          model={model}
          onModel={setModel}
          onApprovalMode={setMode}
          onAnswered={() => void refresh()}
        />
      ) : (
        <p className="p-4 text-xs text-muted-fg">Loading conversations…</p>
      )}
    </div>
  );
}
