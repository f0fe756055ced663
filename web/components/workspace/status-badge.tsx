import type { WorkspaceStatus } from "@/contract/workspaces";
import { cn } from "@/lib/cn";

const look: Record<WorkspaceStatus, { label: string; dot: string; text: string; pulse?: boolean }> = {
  RUNNING: { label: "Running", dot: "bg-ok", text: "text-ok" },
  STARTING: { label: "Starting", dot: "bg-warn", text: "text-warn", pulse: true },
  STOPPING: { label: "Stopping", dot: "bg-warn", text: "text-warn", pulse: true },
  STOPPED: { label: "Stopped", dot: "bg-muted-fg", text: "text-muted-fg" },
  ERROR: { label: "Error", dot: "bg-danger", text: "text-danger" },
};

/** Fixed width so rows and headers do not shift when the status changes. */
export function StatusBadge({ status, className }: { status: WorkspaceStatus; className?: string }) {
  const l = look[status];
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      className={cn(
        "inline-flex w-24 shrink-0 items-center gap-1.5 rounded-full border border-border bg-card px-2.5 py-0.5 text-xs font-medium",
        l.text,
        className,
      )}
    >
      <span aria-hidden className={cn("size-2 shrink-0 rounded-full", l.dot, l.pulse && "animate-pulse")} />
      {l.label}
    </span>
  );
}
