"use client";
// The workspace header's "Variables" button: this workspace's own variables and secrets in a dialog.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { VariablesEditor } from "./variables-editor";

export function WorkspaceVariablesButton({ workspaceId }: { workspaceId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        Variables
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Variables and secrets" className="max-w-2xl">
        <p className="mb-4 text-sm text-muted-fg">
          For this workspace's terminals, tasks and the agent's commands; they override your own variables of
          the same name (Settings). Changes reach new terminals at once, no restart needed.
        </p>
        <VariablesEditor basePath={`/api/workspaces/${workspaceId}/variables`} showInherited />
      </Dialog>
    </>
  );
}
