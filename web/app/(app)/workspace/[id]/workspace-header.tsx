"use client";
import Link from "next/link";
import { ThemeToggle } from "@/components/theme-toggle";
import { Button } from "@/components/ui/button";
import { UserMenu } from "@/components/user-menu";
import { WorkspaceVariablesButton } from "@/components/variables/workspace-variables-button";
import { StatusBadge } from "@/components/workspace/status-badge";
import { TemplateVersion } from "@/components/workspace/template-version";
import type { WorkspaceView } from "@/contract/workspaces";
import { repoLabel } from "@/lib/relative-time";
import type { WorkspaceAction } from "@/lib/workspace-actions";
import { PortsMenu } from "./ports-menu";

type Props = {
  w: WorkspaceView;
  pending: WorkspaceAction | null;
  agentOpen: boolean;
  onStart: () => void;
  onStop: () => void;
  onRestart: () => void;
  onToggleAgent: () => void;
  /** A newer view (after moving to another template version). */
  onChange: (w: WorkspaceView) => void;
};

export function WorkspaceHeader({
  w,
  pending,
  agentOpen,
  onStart,
  onStop,
  onRestart,
  onToggleAgent,
  onChange,
}: Props) {
  const repo = repoLabel(w.repoUrl, w.branch);
  const canStop = w.status === "RUNNING" || w.status === "STARTING";
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b border-border bg-card px-3">
      <Link href="/dashboard" className="rounded-md p-1 hover:bg-muted" aria-label="All workspaces">
        {/* biome-ignore lint/performance/noImgElement: tiny static logo */}
        <img src="/favicon.svg" alt="" width={20} height={20} />
      </Link>
      <h1 className="max-w-48 truncate font-semibold xl:max-w-64" title={w.name}>
        {w.name}
      </h1>
      <StatusBadge status={w.status} />
      <TemplateVersion w={w} onChange={onChange} />
      {repo && (
        <span className="hidden min-w-0 truncate font-mono text-xs text-muted-fg xl:inline">{repo}</span>
      )}
      <div className="ml-auto flex items-center gap-1">
        {canStop ? (
          <Button size="sm" variant="secondary" className="w-20" disabled={!!pending} onClick={onStop}>
            Stop
          </Button>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            className="w-20"
            disabled={!!pending || w.status === "STOPPING"}
            onClick={onStart}
          >
            Start
          </Button>
        )}
        <Button size="sm" variant="ghost" disabled={w.status !== "RUNNING" || !!pending} onClick={onRestart}>
          Restart
        </Button>
        <PortsMenu workspaceId={w.id} running={w.status === "RUNNING"} />
        <WorkspaceVariablesButton workspaceId={w.id} />
        <Button
          size="sm"
          variant="ghost"
          className="w-28 whitespace-nowrap"
          aria-pressed={agentOpen}
          aria-keyshortcuts="Control+Shift+A Meta+Shift+A"
          title="Toggle the agent panel (Ctrl/Cmd+Shift+A)"
          onClick={onToggleAgent}
        >
          {agentOpen ? "Hide agent" : "Show agent"}
        </Button>
        <span className="mx-1 h-5 w-px bg-border" aria-hidden />
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
