"use client";
// Thread picker and actions, plus the Chat / Activity switch.
import type { ThreadView } from "@/contract/agent";

type Props = {
  threads: ThreadView[];
  currentId?: string;
  tab: "chat" | "activity";
  onTab: (t: "chat" | "activity") => void;
  onSelect: (id: string) => void;
  onCreate: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
};

export function ThreadBar(p: Props) {
  const current = p.threads.find((t) => t.id === p.currentId);
  const btn = "h-7 rounded px-2 text-xs hover:bg-muted";
  return (
    <div className="flex h-10 shrink-0 items-center gap-1 border-b border-border px-2">
      <select
        aria-label="Conversation"
        data-testid="thread-select"
        value={p.currentId ?? ""}
        onChange={(e) => p.onSelect(e.target.value)}
        className="h-7 min-w-0 flex-1 truncate rounded border border-border bg-card px-1 text-xs"
      >
        {p.threads.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={btn}
        onClick={p.onCreate}
        title="New conversation"
        data-testid="thread-new"
      >
        New
      </button>
      <button
        type="button"
        className={btn}
        disabled={!current}
        onClick={() => {
          const title = window.prompt("Rename conversation", current?.title);
          if (title?.trim()) p.onRename(title.trim());
        }}
      >
        Rename
      </button>
      <button
        type="button"
        className={`${btn} text-danger`}
        disabled={!current}
        onClick={() => window.confirm("Delete this conversation?") && p.onDelete()}
      >
        Delete
      </button>
      <button
        type="button"
        className={`${btn} ${p.tab === "activity" ? "bg-muted" : ""}`}
        onClick={() => p.onTab(p.tab === "chat" ? "activity" : "chat")}
        title="Every tool call the agent made in this workspace"
      >
        {p.tab === "chat" ? "Activity" : "Chat"}
      </button>
    </div>
  );
}
