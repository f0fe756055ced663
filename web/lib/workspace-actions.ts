"use client";
// Start/stop/restart/delete with a toast for each outcome. `pending` names the action in flight so
// buttons can show it without the caller tracking promises.
import { useState } from "react";
import type { WorkspaceView } from "@/contract/workspaces";
import { api } from "./api";
import { useToast } from "./toast";

export type WorkspaceAction = "start" | "stop" | "restart" | "delete";
const done: Record<Exclude<WorkspaceAction, "delete">, string> = {
  start: "is starting",
  stop: "is stopping",
  restart: "is restarting",
};

export function useWorkspaceActions(onChange: (w: WorkspaceView) => void, onDeleted?: (id: string) => void) {
  const toast = useToast();
  const [pending, setPending] = useState<WorkspaceAction | null>(null);

  async function run(action: Exclude<WorkspaceAction, "delete">, w: WorkspaceView) {
    setPending(action);
    try {
      const { workspace } = await api<{ workspace: WorkspaceView }>(`/api/workspaces/${w.id}/${action}`, {
        method: "POST",
      });
      onChange(workspace);
      toast.success(`“${w.name}” ${done[action]}`);
    } catch (err) {
      toast.error(`Could not ${action} “${w.name}”: ${(err as Error).message}`);
    } finally {
      setPending(null);
    }
  }

  async function remove(w: WorkspaceView, confirmName: string): Promise<boolean> {
    setPending("delete");
    try {
      await api(`/api/workspaces/${w.id}`, { method: "DELETE", json: { confirmName } });
      toast.success(`Deleted “${w.name}”`);
      onDeleted?.(w.id);
      return true;
    } catch (err) {
      toast.error(`Could not delete “${w.name}”: ${(err as Error).message}`);
      return false;
    } finally {
      setPending(null);
    }
  }

  return {
    pending,
    start: (w: WorkspaceView) => run("start", w),
    stop: (w: WorkspaceView) => run("stop", w),
    restart: (w: WorkspaceView) => run("restart", w),
    remove,
  };
}
