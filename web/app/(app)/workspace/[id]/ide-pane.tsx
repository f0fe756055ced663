"use client";
// The left pane. Never blank: RUNNING shows VS Code (an iframe on the workspace's own origin, reached
// through the app's /w/<id>/ide grant redirect; reloaded when the workspace comes back),
// STARTING/ERROR the provisioning timeline, STOPPED a card with Start.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { ProvisioningTimeline } from "@/components/workspace/provisioning-timeline";
import type { WorkspaceView } from "@/contract/workspaces";
import type { Timeline } from "@/lib/provisioning";
import { isToggleAgentShortcut } from "@/lib/use-split-layout";

type Props = {
  workspace: WorkspaceView;
  timeline: Timeline;
  startedAt: number | null;
  generation: number;
  onStart: () => void;
  starting: boolean;
  onToggleAgent: () => void;
};

export function IdePane({
  workspace: w,
  timeline,
  startedAt,
  generation,
  onStart,
  starting,
  onToggleAgent,
}: Props) {
  if (w.status === "RUNNING")
    return <IdeFrame id={w.id} generation={generation} onToggleAgent={onToggleAgent} />;
  if (w.status === "STARTING" || w.status === "ERROR")
    return (
      <div className="absolute inset-0 flex justify-center overflow-auto bg-bg p-8">
        <ProvisioningTimeline
          timeline={timeline}
          failed={w.status === "ERROR"}
          startedAt={startedAt}
          onRetry={onStart}
          retrying={starting}
        />
      </div>
    );
  const stopping = w.status === "STOPPING";
  return (
    <div
      className="absolute inset-0 flex flex-col items-center justify-center gap-3 bg-bg p-8 text-center"
      data-testid="ide-stopped"
    >
      <span
        aria-hidden
        className="flex size-12 items-center justify-center rounded-full bg-muted text-xl text-muted-fg"
      >
        {stopping ? <Spinner /> : "■"}
      </span>
      <h2 className="text-lg font-semibold">
        {stopping ? "Stopping the workspace…" : "This workspace is stopped"}
      </h2>
      <p className="max-w-sm text-sm text-muted-fg">
        {stopping
          ? "VS Code closes once the container has stopped."
          : "Your files, home folder and Nix store are kept. Start it to continue where you left off."}
      </p>
      {!stopping && (
        <Button onClick={onStart} disabled={starting} className="w-40">
          {starting ? "Starting…" : "Start workspace"}
        </Button>
      )}
    </div>
  );
}

function IdeFrame({
  id,
  generation,
  onToggleAgent,
}: {
  id: string;
  generation: number;
  onToggleAgent: () => void;
}) {
  const [loaded, setLoaded] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const toggle = useRef(onToggleAgent);
  toggle.current = onToggleAgent;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is a fresh load
  useEffect(() => setLoaded(false), [generation]);

  function onLoad() {
    setLoaded(true);
    // Only in the opt-in same-origin mode can we hear keys inside VS Code; on its own origin the
    // header button is the way.
    try {
      frame.current?.contentWindow?.addEventListener(
        "keydown",
        (e) => {
          if (!isToggleAgentShortcut(e)) return;
          e.preventDefault();
          e.stopPropagation();
          toggle.current();
        },
        true,
      );
    } catch {
      // Another origin (the default): the header button still works.
    }
  }

  return (
    <>
      <iframe
        key={generation}
        ref={frame}
        src={`/w/${id}/ide`}
        title="VS Code"
        data-testid="ide-frame"
        onLoad={onLoad}
        allow="clipboard-read; clipboard-write"
        className="absolute inset-0 size-full border-0 bg-bg"
      />
      {!loaded && (
        <div className="absolute inset-0 flex items-center justify-center gap-2 bg-bg text-sm text-muted-fg">
          <Spinner /> Loading VS Code…
        </div>
      )}
    </>
  );
}
