"use client";
// "v2 · update to v3" for a workspace made from an admin template. The move only records the
// version: the next start writes its flake.nix, so a running workspace is told to restart.
import { useEffect, useState } from "react";
import type { WorkspaceView } from "@/contract/workspaces";
import { api } from "@/lib/api";
import { useToast } from "@/lib/toast";

type Props = { w: WorkspaceView; onChange: (w: WorkspaceView) => void };

export function TemplateVersion({ w, onChange }: Props) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [restart, setRestart] = useState(false);
  // Any new start (or a stop) applies or outdates the hint.
  useEffect(() => {
    if (w.status !== "RUNNING") setRestart(false);
  }, [w.status]);
  if (w.templateVersion === null) return null;
  const latest = w.latestTemplateVersion ?? w.templateVersion;
  // A workspace whose Nix config was changed in it (the agent) no longer follows its template.
  const offer = latest > w.templateVersion && !w.nixConfigKind;

  async function update() {
    setBusy(true);
    try {
      const r = await api<{ workspace: WorkspaceView; restartRequired: boolean }>(
        `/api/workspaces/${w.id}/template-version`,
        { method: "POST", json: { version: latest } },
      );
      onChange(r.workspace);
      setRestart(r.restartRequired);
      toast.success(
        r.restartRequired
          ? `“${w.name}” moves to v${latest}: restart to apply`
          : `“${w.name}” uses v${latest} from its next start`,
      );
    } catch (err) {
      toast.error(`Could not update “${w.name}”: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span
      className="inline-flex items-center gap-1 whitespace-nowrap text-xs text-muted-fg"
      data-testid="template-version"
    >
      <span title={`${w.template}, template version ${w.templateVersion}`}>v{w.templateVersion}</span>
      {offer && (
        <>
          <span aria-hidden>·</span>
          <button
            type="button"
            className="text-accent underline-offset-2 hover:underline disabled:opacity-50"
            disabled={busy}
            onClick={update}
          >
            update to v{latest}
          </button>
        </>
      )}
      {restart && !offer && <span className="text-warn">· restart to apply</span>}
    </span>
  );
}
