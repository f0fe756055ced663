"use client";
// "Undo changes" under an answer that changed files: a preview dialog (what goes back, what was
// changed since and is kept), then the restore. The checkpoint names stay on the server.
import { useState } from "react";
import type { AgentUIMessage, UndoPreview } from "@/contract/agent";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { agentApi } from "./api";

const VERB = { added: "remove (added by the agent)", modified: "restore", deleted: "bring back" } as const;

export function UndoTurn({
  workspaceId,
  threadId,
  message,
}: {
  workspaceId: string;
  threadId: string;
  message: AgentUIMessage;
}) {
  const cp = message.metadata?.checkpoint;
  const [preview, setPreview] = useState<UndoPreview | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(cp?.undoneAt ? "Changes undone." : null);
  if (message.role !== "assistant" || !cp?.changed || !cp.after) return null;
  const api = agentApi(workspaceId);

  const show = async () => {
    setOpen(true);
    setError(null);
    setPreview(null);
    try {
      setPreview(await api.undoPreview(threadId, message.id));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const restore = async (force: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.undo(threadId, message.id, force);
      const kept = r.conflicts.length ? `; kept ${r.conflicts.length} changed since` : "";
      setDone(`Restored ${r.restored.length} file${r.restored.length === 1 ? "" : "s"}${kept}.`);
      setOpen(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const conflicts = preview?.conflicts.length ?? 0;
  return (
    <div className="mt-1 flex items-center gap-2 text-[11px] text-muted-fg">
      <button
        type="button"
        className="rounded border border-border px-2 py-0.5 hover:bg-accent/10"
        onClick={() => void show()}
        data-testid="undo-changes"
      >
        Undo changes
      </button>
      {done && <span data-testid="undo-done">{done}</span>}
      <Dialog open={open} onClose={() => setOpen(false)} title="Undo this answer's changes?">
        {error && (
          <p className="mb-2 text-sm text-danger" role="alert">
            {error}
          </p>
        )}
        {!preview && !error && <p className="text-sm text-muted-fg">Comparing files…</p>}
        {preview && preview.changes.length === 0 && (
          <p className="text-sm text-muted-fg">Nothing to restore: the files are already as before.</p>
        )}
        {preview && preview.changes.length > 0 && (
          <ul className="max-h-64 space-y-1 overflow-y-auto font-mono text-xs" data-testid="undo-preview">
            {preview.changes.map((c) => (
              <li key={c.path} className={c.conflict ? "text-danger" : undefined}>
                {c.path} <span className="text-muted-fg">— {VERB[c.status]}</span>
                {c.conflict && " · changed since: kept unless you overwrite"}
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4 flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          {conflicts > 0 && (
            <Button variant="danger" disabled={busy} onClick={() => void restore(true)}>
              Overwrite {conflicts} changed since
            </Button>
          )}
          <Button
            disabled={busy || !preview || preview.changes.length === conflicts}
            onClick={() => void restore(false)}
            data-testid="undo-confirm"
          >
            Restore {(preview?.changes.length ?? 0) - conflicts} file(s)
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

/** After an answer ends, its checkpoint (stored by the server as the answer ends) joins the live message. */
export async function withStoredCheckpoints(
  workspaceId: string,
  threadId: string,
  current: () => AgentUIMessage[],
): Promise<AgentUIMessage[] | null> {
  const stored = (await agentApi(workspaceId).thread(threadId)).messages as AgentUIMessage[];
  const byId = new Map(stored.map((m) => [m.id, m.metadata?.checkpoint]));
  let changed = false;
  // The messages as they are NOW (after the fetch): a snapshot from before it would throw away
  // what a newer answer (an approval's continuation) streamed meanwhile.
  const next = current().map((m) => {
    const cp = byId.get(m.id);
    if (!cp || m.metadata?.checkpoint?.after === cp.after) return m;
    changed = true;
    return { ...m, metadata: { ...m.metadata, checkpoint: cp } };
  });
  return changed ? next : null;
}
