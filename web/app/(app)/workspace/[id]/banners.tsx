"use client";
// Thin strips above the split for things that need attention but should not block work: the live
// connection dropped, the workspace is about to stop for inactivity, the Nix environment failed.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatElapsed } from "@/lib/relative-time";
import type { SocketState } from "@/lib/workspace-socket";

const strip = "flex h-9 shrink-0 items-center gap-3 border-b px-4 text-sm";

export function ConnectionBanner({ state }: { state: SocketState }) {
  // Wait a moment before complaining: a normal first connect or a blip should not flash a banner.
  const [show, setShow] = useState(false);
  useEffect(() => {
    if (state === "connected") return setShow(false);
    const t = setTimeout(() => setShow(true), 1500);
    return () => clearTimeout(t);
  }, [state]);
  if (!show) return null;
  return (
    <div role="status" data-testid="connection-banner" className={`${strip} border-warn/40 bg-warn/10`}>
      <Spinner className="size-3.5 text-warn" />
      <span>
        Connection to Kalpana lost. Reconnecting… VS Code keeps working if the workspace is still running.
      </span>
    </div>
  );
}

/** Path mode (KALPANA_UNSAFE_SAME_ORIGIN_IDE=1): say what it costs, every time. */
export function UnsafeOriginBanner() {
  return (
    <div role="alert" data-testid="unsafe-origin-banner" className={`${strip} border-danger/40 bg-danger/10`}>
      <span aria-hidden className="font-bold text-danger">
        !
      </span>
      <span>
        VS Code and previews run on Kalpana&apos;s own origin (KALPANA_UNSAFE_SAME_ORIGIN_IDE): anything this
        workspace serves can act as you. Use this only on a trusted single-user install.
      </span>
    </div>
  );
}

export function IdleBanner({ stopsAt, onKeep }: { stopsAt: string; onKeep: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = Date.parse(stopsAt) - now;
  return (
    <div role="alert" data-testid="idle-banner" className={`${strip} border-warn/40 bg-warn/10`}>
      <span aria-hidden className="font-bold text-warn">
        !
      </span>
      <span>
        No activity for a while: this workspace stops in{" "}
        <strong className="tabular-nums">{formatElapsed(Math.max(0, left))}</strong>. Your files are kept.
      </span>
      <Button size="sm" className="ml-auto h-7" onClick={onKeep}>
        Keep working
      </Button>
    </div>
  );
}

type WarningProps = { message: string; onShowLog: () => void; onDismiss: () => void };

export function WarningBanner({ message, onShowLog, onDismiss }: WarningProps) {
  return (
    <div role="status" data-testid="warning-banner" className={`${strip} border-warn/40 bg-warn/10`}>
      <span aria-hidden className="font-bold text-warn">
        ⚠
      </span>
      <span className="min-w-0 flex-1 truncate" title={message}>
        {message}
      </span>
      <button type="button" className="shrink-0 rounded px-2 text-accent hover:bg-muted" onClick={onShowLog}>
        View start log
      </button>
      <button
        type="button"
        className="shrink-0 rounded px-2 text-muted-fg hover:bg-muted"
        onClick={onDismiss}
      >
        Dismiss
      </button>
    </div>
  );
}
