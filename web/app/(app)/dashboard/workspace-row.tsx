"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { StatusBadge } from "@/components/workspace/status-badge";
import { TemplateIcon } from "@/components/workspace/template-icon";
import { TemplateVersion } from "@/components/workspace/template-version";
import type { WorkspaceView } from "@/contract/workspaces";
import { relativeTime, repoLabel } from "@/lib/relative-time";
import type { useWorkspaceActions } from "@/lib/workspace-actions";

type Props = {
  workspace: WorkspaceView;
  actions: ReturnType<typeof useWorkspaceActions>;
  onDelete: () => void;
  /** A newer view (after moving to another template version). */
  onChange: (w: WorkspaceView) => void;
};

export function WorkspaceRow({ workspace: w, actions, onDelete, onChange }: Props) {
  const repo = repoLabel(w.repoUrl, w.branch);
  const busy = w.status === "STARTING" || w.status === "STOPPING";
  const template = w.nixConfigKind ? "custom" : w.template;
  return (
    <li>
      <Card className="flex items-center gap-4 p-4" data-testid="workspace-row" data-name={w.name}>
        <TemplateIcon template={template} />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-3">
            <Link
              href={`/workspace/${w.id}`}
              className="truncate font-medium hover:underline"
              aria-label={`Open ${w.name}`}
            >
              {w.name}
            </Link>
            <StatusBadge status={w.status} />
          </div>
          <p className="mt-1 flex gap-3 truncate text-xs text-muted-fg">
            <span>{w.nixConfigKind ? `Custom Nix (${w.nixConfigKind})` : w.template}</span>
            <TemplateVersion w={w} onChange={onChange} />
            <span className="truncate font-mono">{repo ?? "no repository"}</span>
            <span title={new Date(w.lastActiveAt).toLocaleString()}>
              active {relativeTime(w.lastActiveAt)}
            </span>
          </p>
          {w.status === "ERROR" && w.statusMessage && (
            <p className="mt-1 truncate text-xs text-danger">{w.statusMessage}</p>
          )}
          {/* A running workspace's warning, e.g. "Its machine is unavailable…" on Swarm. */}
          {w.status === "RUNNING" && w.statusMessage && (
            <p className="mt-1 truncate text-xs text-warn" title={w.statusMessage}>
              {w.statusMessage}
            </p>
          )}
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {w.status === "STOPPED" || w.status === "ERROR" ? (
            <Button
              size="sm"
              variant="secondary"
              className="w-20"
              disabled={!!actions.pending}
              onClick={() => actions.start(w)}
            >
              Start
            </Button>
          ) : (
            <Button
              size="sm"
              variant="secondary"
              className="w-20"
              disabled={busy || !!actions.pending}
              onClick={() => actions.stop(w)}
            >
              Stop
            </Button>
          )}
          <Button
            size="sm"
            variant="ghost"
            disabled={w.status !== "RUNNING" || !!actions.pending}
            onClick={() => actions.restart(w)}
          >
            Restart
          </Button>
          <Button size="sm" variant="dangerGhost" onClick={onDelete} aria-label={`Delete ${w.name}`}>
            Delete
          </Button>
          <Link
            href={`/workspace/${w.id}`}
            className="ml-1 inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:opacity-90"
          >
            Open
          </Link>
        </div>
      </Card>
    </li>
  );
}
