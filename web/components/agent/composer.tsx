"use client";
// The message box. Enter sends, Shift+Enter is a new line, Esc stops a running answer.
import { useState } from "react";
import type { ApprovalMode, ModelView } from "@/contract/agent";

type Props = {
  busy: boolean;
  disabled?: boolean;
  models: ModelView[];
  model: string;
  onModel: (id: string) => void;
  approvalMode: ApprovalMode;
  onApprovalMode: (m: ApprovalMode) => void;
  onSend: (text: string) => void;
  onStop: () => void;
};

export function Composer(p: Props) {
  const [text, setText] = useState("");
  const send = () => {
    const t = text.trim();
    if (!t || p.busy || p.disabled) return;
    p.onSend(t);
    setText("");
  };
  return (
    <form
      className="border-t border-border p-2"
      aria-label="Message the agent"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        rows={3}
        value={text}
        aria-label="Message"
        data-testid="agent-input"
        placeholder="Ask the agent to change something…  (Enter to send, Shift+Enter for a new line)"
        disabled={p.disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === "Escape" && p.busy) {
            e.preventDefault();
            p.onStop();
          }
        }}
        className="w-full resize-none rounded-md border border-border bg-bg p-2 text-sm placeholder:text-muted-fg"
      />
      <div className="mt-1 flex items-center gap-2">
        <select
          aria-label="Model"
          value={p.model}
          onChange={(e) => p.onModel(e.target.value)}
          className="h-7 max-w-[45%] truncate rounded border border-border bg-card px-1 text-xs"
        >
          {p.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <label
          className="flex items-center gap-1 text-xs text-muted-fg"
          title="In Ask mode, commands, pushes and changes to files that run something later (.git, .vscode, .env, CI, shell startup files) wait for your approval. Dangerous commands always do."
        >
          <input
            type="checkbox"
            checked={p.approvalMode === "auto"}
            onChange={(e) => p.onApprovalMode(e.target.checked ? "auto" : "ask")}
          />
          Auto-run
        </label>
        {p.busy ? (
          <button
            type="button"
            onClick={p.onStop}
            className="ml-auto h-7 rounded-md bg-muted px-3 text-xs"
            data-testid="agent-stop"
          >
            Stop (Esc)
          </button>
        ) : (
          <button
            type="submit"
            disabled={!text.trim() || p.disabled}
            className="ml-auto h-7 rounded-md bg-accent px-3 text-xs text-accent-fg disabled:opacity-50"
            data-testid="agent-send"
          >
            Send
          </button>
        )}
      </div>
    </form>
  );
}
