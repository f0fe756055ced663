"use client";
// The workspace screen: header, banners, the IDE | agent split and the status bar, all driven by
// useWorkspaceLive. Stays usable through stops, failures and socket drops.
import Link from "next/link";
import { useEffect, useState } from "react";
import { AgentPanel } from "@/components/agent/agent-panel";
import { SplitPane } from "@/components/split-pane";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { ProvisioningTimeline } from "@/components/workspace/provisioning-timeline";
import { useSessionUser } from "@/lib/session-context";
import { isToggleAgentShortcut, useSplitLayout } from "@/lib/use-split-layout";
import { useWorkspaceActions } from "@/lib/workspace-actions";
import { ConnectionBanner, IdleBanner, UnsafeOriginBanner, WarningBanner } from "./banners";
import { IdePane } from "./ide-pane";
import { StatusBar } from "./status-bar";
import { useWorkspaceLive } from "./use-workspace-live";
import { WorkspaceHeader } from "./workspace-header";

export function WorkspaceScreen({ id, unsafeSameOrigin }: { id: string; unsafeSameOrigin: boolean }) {
  const user = useSessionUser();
  const live = useWorkspaceLive(id);
  const split = useSplitLayout(user.id);
  const actions = useWorkspaceActions(live.replace);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [showLog, setShowLog] = useState(false);
  const w = live.workspace;

  useEffect(() => {
    if (w) document.title = `${w.name} · Kalpana`;
  }, [w?.name, w]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isToggleAgentShortcut(e)) return;
      e.preventDefault();
      split.toggle();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [split.toggle]);

  if (live.loadError && !w)
    return (
      <LoadFailed status={live.loadError.status} message={live.loadError.message} retry={live.refresh} />
    );
  if (!w || !split.loaded) return <Loading />;

  const warning =
    w.status === "RUNNING" && w.statusMessage && dismissed !== w.statusMessage ? w.statusMessage : null;
  return (
    <div className="flex h-screen flex-col overflow-hidden">
      <WorkspaceHeader
        w={w}
        pending={actions.pending}
        agentOpen={!split.layout.collapsed}
        onStart={() => actions.start(w)}
        onStop={() => actions.stop(w)}
        onRestart={() => actions.restart(w)}
        onToggleAgent={split.toggle}
        onChange={live.replace}
      />
      {unsafeSameOrigin && <UnsafeOriginBanner />}
      <ConnectionBanner state={live.socketState} />
      {live.idleStopsAt && <IdleBanner stopsAt={live.idleStopsAt} onKeep={live.keepAlive} />}
      {warning && (
        <WarningBanner
          message={warning}
          onShowLog={() => setShowLog(true)}
          onDismiss={() => setDismissed(warning)}
        />
      )}
      <Dialog open={showLog} onClose={() => setShowLog(false)} title="Start log" className="max-w-3xl">
        <ProvisioningTimeline
          timeline={live.timeline}
          failed={false}
          startedAt={null}
          onRetry={() => {}}
          summary
        />
        <div className="mt-4 flex justify-end">
          <Button variant="secondary" onClick={() => setShowLog(false)}>
            Close
          </Button>
        </div>
      </Dialog>
      <SplitPane
        layout={split.layout}
        onLayout={split.update}
        rightLabel="Agent panel"
        left={
          <IdePane
            workspace={w}
            timeline={live.timeline}
            startedAt={live.startedAt}
            generation={live.ideGeneration}
            onStart={() => actions.start(w)}
            starting={actions.pending === "start"}
            onToggleAgent={split.toggle}
          />
        }
        right={<AgentPanel workspaceId={w.id} />}
      />
      <StatusBar w={w} stats={live.stats} socket={live.socketState} />
    </div>
  );
}

function Loading() {
  return (
    <div className="flex h-screen flex-col" aria-busy="true">
      <div className="flex h-12 items-center gap-3 border-b border-border bg-card px-3">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-5 w-24 rounded-full" />
      </div>
      <div className="flex flex-1 items-center justify-center gap-2 text-sm text-muted-fg">
        <Spinner /> Opening workspace…
      </div>
    </div>
  );
}

function LoadFailed({ status, message, retry }: { status: number; message: string; retry: () => void }) {
  const missing = status === 404;
  return (
    <main className="flex h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-xl font-semibold">
        {missing ? "Workspace not found" : "Could not open the workspace"}
      </h1>
      <p className="max-w-md text-sm text-muted-fg">
        {missing ? "It may have been deleted, or it belongs to another account." : message}
      </p>
      <div className="flex gap-2">
        {!missing && (
          <Button variant="secondary" onClick={retry}>
            Try again
          </Button>
        )}
        <Link
          href="/dashboard"
          className="inline-flex h-10 items-center rounded-md bg-accent px-4 text-sm font-medium text-accent-fg"
        >
          All workspaces
        </Link>
      </div>
    </main>
  );
}
