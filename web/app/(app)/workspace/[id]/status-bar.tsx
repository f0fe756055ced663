"use client";
import type { WorkspaceStats, WorkspaceView } from "@/contract/workspaces";
import { cn } from "@/lib/cn";
import type { SocketState } from "@/lib/workspace-socket";

const statusText: Record<WorkspaceView["status"], string> = {
  RUNNING: "Running",
  STARTING: "Starting",
  STOPPING: "Stopping",
  STOPPED: "Stopped",
  ERROR: "Failed",
};

/** Bottom strip: status, branch, live CPU/memory. Fixed-width cells so numbers do not jiggle. */
export function StatusBar({
  w,
  stats,
  socket,
}: {
  w: WorkspaceView;
  stats: WorkspaceStats | null;
  socket: SocketState;
}) {
  const memPct = stats ? Math.min(100, (stats.memoryMb / w.memoryMb) * 100) : 0;
  return (
    <footer
      data-testid="status-bar"
      className="flex h-7 shrink-0 items-center gap-4 border-t border-border bg-card px-3 text-xs text-muted-fg"
    >
      <span role="status" className="flex w-28 items-center gap-1.5">
        <span
          aria-hidden
          className={cn(
            "size-2 rounded-full",
            w.status === "RUNNING"
              ? "bg-ok"
              : w.status === "ERROR"
                ? "bg-danger"
                : w.status === "STOPPED"
                  ? "bg-muted-fg"
                  : "bg-warn",
          )}
        />
        {statusText[w.status]}
      </span>
      <span className="flex min-w-0 items-center gap-1 font-mono" title="Git branch">
        <span aria-hidden>⎇</span>
        <span className="truncate">{w.branch ?? (w.repoUrl ? "default branch" : "no repository")}</span>
      </span>
      {w.statusMessage && w.status === "RUNNING" && (
        <span className="shrink-0 text-warn" title={w.statusMessage}>
          ⚠ Started with a warning
        </span>
      )}
      <span className="ml-auto flex items-center gap-4 tabular-nums">
        {socket !== "connected" && <span className="text-warn">Live updates paused</span>}
        <span className="w-20 text-right" title="CPU usage">
          CPU {stats ? `${stats.cpuPercent.toFixed(0)}%` : "–"}
        </span>
        <span className="flex w-44 items-center justify-end gap-2" title="Memory usage">
          <span className="h-1.5 w-12 overflow-hidden rounded-full bg-muted" aria-hidden>
            <span
              className={cn("block h-full", memPct > 85 ? "bg-danger" : "bg-accent")}
              style={{ width: `${memPct}%` }}
            />
          </span>
          {stats ? `${Math.round(stats.memoryMb)} / ${w.memoryMb} MB` : `– / ${w.memoryMb} MB`}
        </span>
      </span>
    </footer>
  );
}
