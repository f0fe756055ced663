"use client";
// Where a start is: five phases with their state, the clone progress bar, streaming output of the
// focused phase, the elapsed time, and on failure the error with a Retry.
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import {
  focusPhase,
  type PhaseStatus,
  TIMELINE_PHASES,
  type Timeline,
  type TimelinePhase,
} from "@/lib/provisioning";
import { formatElapsed } from "@/lib/relative-time";

const labels: Record<TimelinePhase, string> = {
  container: "Container",
  bridge: "Bridge",
  clone: "Clone repository",
  nix: "Nix environment",
  ide: "VS Code",
};
const marks: Record<PhaseStatus, string> = { pending: "", running: "", done: "✓", warning: "!", error: "✕" };
const markStyle: Record<PhaseStatus, string> = {
  pending: "border-border text-muted-fg",
  running: "border-accent text-accent",
  done: "border-ok bg-ok text-white",
  warning: "border-warn bg-warn text-white",
  error: "border-danger bg-danger text-white",
};

type Props = {
  timeline: Timeline;
  failed: boolean;
  startedAt: number | null;
  onRetry: () => void;
  retrying?: boolean;
  /** After the fact (the "View start log" dialog): no heading, no timer. */
  summary?: boolean;
};

export function ProvisioningTimeline({ timeline, failed, startedAt, onRetry, retrying, summary }: Props) {
  const [chosen, setChosen] = useState<TimelinePhase | null>(null);
  const shown = chosen ?? focusPhase(timeline);
  const lines = timeline.phases[shown].lines;
  const log = useRef<HTMLPreElement>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (failed || summary) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [failed, summary]);
  // Follow the output like a terminal does, as long as it stays short enough to be read.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever new lines arrive
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [lines.length, shown]);

  return (
    <section aria-label="Provisioning" data-testid="provisioning" className="w-full max-w-2xl space-y-4">
      <div className={cn("flex items-baseline justify-between", summary && "hidden")}>
        <h2 className="text-lg font-semibold">
          {failed ? "The workspace failed to start" : "Starting your workspace…"}
        </h2>
        <span className="font-mono text-sm text-muted-fg tabular-nums" title="Elapsed time">
          {startedAt ? formatElapsed(now - startedAt) : "--:--"}
        </span>
      </div>
      <ol className="grid grid-cols-5 gap-2">
        {TIMELINE_PHASES.map((p) => {
          const s = timeline.phases[p].status;
          return (
            <li key={p}>
              <button
                type="button"
                data-phase={p}
                data-status={s}
                aria-pressed={shown === p}
                aria-label={`${labels[p]}: ${s}`}
                onClick={() => setChosen(p)}
                className={cn(
                  "flex w-full flex-col items-center gap-1.5 rounded-md p-2 text-xs hover:bg-muted",
                  shown === p && "bg-muted",
                )}
              >
                <span
                  aria-hidden
                  className={cn(
                    "flex size-7 items-center justify-center rounded-full border-2 font-bold",
                    markStyle[s],
                  )}
                >
                  {s === "running" ? <Spinner className="size-3.5" /> : marks[s]}
                </span>
                <span className={cn(s === "pending" ? "text-muted-fg" : "font-medium")}>{labels[p]}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {timeline.percent !== null && (
        <div>
          <div className="mb-1 flex justify-between text-xs text-muted-fg">
            <span>Cloning</span>
            <span className="tabular-nums">{Math.round(timeline.percent)}%</span>
          </div>
          <div
            role="progressbar"
            aria-label="Clone progress"
            aria-valuenow={Math.round(timeline.percent)}
            aria-valuemin={0}
            aria-valuemax={100}
            className="h-1.5 overflow-hidden rounded-full bg-muted"
          >
            <div className="h-full bg-accent transition-[width]" style={{ width: `${timeline.percent}%` }} />
          </div>
        </div>
      )}
      {failed && timeline.message && (
        <p
          role="alert"
          className="rounded-md border border-danger/40 bg-danger/5 px-3 py-2 text-sm text-danger"
        >
          {timeline.message}
        </p>
      )}
      <pre
        ref={log}
        data-testid="provisioning-log"
        role="log"
        aria-label={`${labels[shown]} output`}
        aria-live="off"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable to scroll by keyboard
        tabIndex={0}
        className="h-56 overflow-auto rounded-md border border-border bg-muted/60 p-3 font-mono text-xs leading-5 whitespace-pre-wrap"
      >
        {lines.length ? (
          lines.join("\n")
        ) : (
          <span className="text-muted-fg">No output from this phase yet.</span>
        )}
      </pre>
      {failed && (
        <div className="flex justify-end">
          <Button onClick={onRetry} disabled={retrying}>
            {retrying ? "Retrying…" : "Retry"}
          </Button>
        </div>
      )}
    </section>
  );
}
