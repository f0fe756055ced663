"use client";
// What the next message will carry from VS Code: the active file with its selection (from the
// extension's live report, removable) and files added with "@". The report arrives as
// `workspace:editor` (server/workspaces/editor.ts); the chips are what the person kept.
import { useMemo, useState } from "react";
import {
  describeActiveFile,
  type EditorAttachment,
  type EditorContextView,
  MAX_ATTACHED_FILES,
} from "@/contract/editor";
import { useWorkspaceEvents } from "@/lib/workspace-socket";

export function useEditorContext(workspaceId: string): EditorContextView | null {
  const [context, setContext] = useState<EditorContextView | null>(null);
  useWorkspaceEvents([workspaceId], { "workspace:editor": (e) => setContext(e.context) });
  return context;
}

type Active = NonNullable<EditorAttachment["activeFile"]>;

function activeOf(c: EditorContextView | null): Active | null {
  const f = c?.activeFile;
  if (!f) return null;
  const s = f.selection;
  const selected = s && (s.startLine !== s.endLine || s.startColumn !== s.endColumn);
  return {
    path: f.path,
    languageId: f.languageId,
    selection: selected
      ? { startLine: s.startLine, endLine: s.endLine, text: s.text, truncated: s.truncated }
      : null,
  };
}

const keyOf = (a: Active) => `${a.path}:${a.selection?.startLine ?? ""}-${a.selection?.endLine ?? ""}`;

/** The chips' state: the live active file unless removed (until it changes), and "@" files. */
export function useEditorChips(context: EditorContextView | null) {
  const live = useMemo(() => activeOf(context), [context]);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [files, setFiles] = useState<string[]>([]);
  const active = live && keyOf(live) !== dismissed ? live : null;
  return {
    active,
    files,
    openFiles: context?.openFiles ?? [],
    dismissActive: () => live && setDismissed(keyOf(live)),
    addFile: (p: string) =>
      setFiles((f) => (f.includes(p) || f.length >= MAX_ATTACHED_FILES ? f : [...f, p])),
    removeFile: (p: string) => setFiles((f) => f.filter((x) => x !== p)),
    /** The attachment for the message being sent; the "@" files go with it. */
    take: (): EditorAttachment | undefined => {
      const a = active || files.length ? { activeFile: active, files } : undefined;
      setFiles([]);
      return a;
    },
  };
}
export type EditorChips = ReturnType<typeof useEditorChips>;

function Chip({
  label,
  title,
  onRemove,
  testId,
}: {
  label: string;
  title: string;
  onRemove: () => void;
  testId: string;
}) {
  return (
    <span
      className="inline-flex max-w-full items-center gap-1 rounded border border-border bg-card px-1.5 py-0.5 font-mono text-[11px]"
      title={title}
      data-testid={testId}
    >
      <span className="truncate">{label}</span>
      <button
        type="button"
        aria-label={`Remove ${label}`}
        className="text-muted-fg hover:text-fg"
        onClick={onRemove}
      >
        ×
      </button>
    </span>
  );
}

export function EditorChipList({ chips }: { chips: EditorChips }) {
  if (!chips.active && chips.files.length === 0) return null;
  return (
    <div className="mb-1 flex flex-wrap gap-1" title="Sent with your message">
      {chips.active && (
        <Chip
          label={describeActiveFile(chips.active)}
          title="From VS Code: sent with your message. × to leave it out."
          onRemove={chips.dismissActive}
          testId="editor-chip"
        />
      )}
      {chips.files.map((f) => (
        <Chip
          key={f}
          label={`@${f}`}
          title="Attached: its contents go with your message."
          onRemove={() => chips.removeFile(f)}
          testId="file-chip"
        />
      ))}
    </div>
  );
}
