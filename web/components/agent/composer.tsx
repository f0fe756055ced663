"use client";
// The message box. Enter sends, Shift+Enter is a new line, Esc stops a running answer; "@" adds
// a file (open files first, or the typed path), chips above show what goes with the message.
import { useRef, useState } from "react";
import type { ApprovalMode, ModelView } from "@/contract/agent";
import type { EditorAttachment, EditorContextView } from "@/contract/editor";
import { atChoices, atQuery } from "./at-mention";
import { EditorChipList, useEditorChips } from "./editor-chips";

type Props = {
  busy: boolean;
  disabled?: boolean;
  models: ModelView[];
  model: string;
  onModel: (id: string) => void;
  approvalMode: ApprovalMode;
  onApprovalMode: (m: ApprovalMode) => void;
  onSend: (text: string, editor?: EditorAttachment) => void;
  onStop: () => void;
  /** VS Code's latest report (null: not connected). */
  editor: EditorContextView | null;
};

export function Composer(p: Props) {
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const [pickerClosed, setPickerClosed] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const chips = useEditorChips(p.editor);
  const at = pickerClosed ? null : atQuery(text, caret);
  const choices = at ? atChoices(chips.openFiles, at.query) : [];
  const send = () => {
    const t = text.trim();
    if (!t || p.busy || p.disabled) return;
    p.onSend(t, chips.take());
    setText("");
  };
  const choose = (file: string) => {
    if (!at) return;
    const next = text.slice(0, at.start) + text.slice(caret);
    chips.addFile(file);
    setText(next);
    setCaret(at.start);
    setPick(0);
    requestAnimationFrame(() => box.current?.setSelectionRange(at.start, at.start));
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
      <EditorChipList chips={chips} />
      {choices.length > 0 && (
        <div
          role="listbox"
          aria-label="Attach a file"
          className="mb-1 max-h-40 overflow-auto rounded-md border border-border bg-card text-xs"
          data-testid="file-picker"
        >
          {choices.map((f, i) => (
            <button
              type="button"
              role="option"
              aria-selected={i === pick}
              key={f}
              className={`block w-full truncate px-2 py-1 text-left font-mono ${i === pick ? "bg-accent/15" : ""}`}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(f);
              }}
            >
              {f}
            </button>
          ))}
        </div>
      )}
      <textarea
        ref={box}
        rows={3}
        value={text}
        aria-label="Message"
        data-testid="agent-input"
        placeholder="Ask the agent to change something…  (Enter to send, Shift+Enter for a new line, @ to attach a file)"
        disabled={p.disabled}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          setPickerClosed(false);
          setPick(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          if (choices.length > 0 && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            const n = choices.length;
            setPick((i) => (i + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
          } else if (choices.length > 0 && (e.key === "Enter" || e.key === "Tab") && !e.shiftKey) {
            e.preventDefault();
            choose(choices[Math.min(pick, choices.length - 1)]!);
          } else if (choices.length > 0 && e.key === "Escape") {
            e.preventDefault();
            setPickerClosed(true);
          } else if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
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
