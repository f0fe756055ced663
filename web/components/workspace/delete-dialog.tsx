"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input, Label } from "@/components/ui/input";
import type { WorkspaceView } from "@/contract/workspaces";

type Props = {
  workspace: WorkspaceView | null;
  onClose: () => void;
  onConfirm: (w: WorkspaceView, confirmName: string) => Promise<boolean>;
};

/** Deleting removes the volumes too, so the person types the name to show they mean it. */
export function DeleteDialog({ workspace, onClose, onConfirm }: Props) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const matches = workspace !== null && typed === workspace.name;
  const close = () => {
    setTyped("");
    onClose();
  };
  return (
    <Dialog open={workspace !== null} onClose={close} title="Delete workspace">
      {workspace && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!matches) return;
            setBusy(true);
            const ok = await onConfirm(workspace, typed);
            setBusy(false);
            if (ok) close();
          }}
        >
          <p className="mb-4 text-sm text-muted-fg">
            This removes the container and its volumes: files in <code className="font-mono">/workspace</code>{" "}
            that are not pushed are lost. Type <strong className="font-mono text-fg">{workspace.name}</strong>{" "}
            to confirm.
          </p>
          <Label htmlFor="confirm-name">Workspace name</Label>
          <Input
            id="confirm-name"
            autoFocus
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={!matches || busy}>
              {busy ? "Deleting…" : "Delete workspace"}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
