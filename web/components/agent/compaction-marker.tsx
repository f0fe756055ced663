"use client";
// Where a long thread was compacted for the model (server/agent/compaction.ts): a divider after
// the last message the summary covers, which opens to show the summary. Every message above it
// stays in the panel as stored; only the model was sent the summary in their place.
import type { AgentUIMessage, Compaction } from "@/contract/agent";

/** Message id → the compaction whose summary ends there (the newest one, if several do). */
export function compactionMarks(messages: readonly AgentUIMessage[]): Map<string, Compaction> {
  const marks = new Map<string, Compaction>();
  for (const m of messages) {
    const c = m.role === "assistant" ? m.metadata?.compaction : undefined;
    if (c) marks.set(c.through, c);
  }
  return marks;
}

export function CompactionMarker({ compaction }: { compaction: Compaction }) {
  const n = compaction.messages;
  return (
    <details className="my-2 text-[11px] text-muted-fg" data-testid="compaction-marker">
      <summary className="flex cursor-pointer list-none items-center gap-2 select-none">
        <span aria-hidden className="h-px flex-1 bg-border" />
        <span>Earlier messages summarised · view summary</span>
        <span aria-hidden className="h-px flex-1 bg-border" />
      </summary>
      <div className="mt-1 rounded-md border border-border bg-card p-2">
        <p className="mb-1">
          The model was sent this summary instead of the {n} message{n === 1 ? "" : "s"} above (its context
          window is {compaction.contextWindow.toLocaleString("en-US")} tokens). They stay stored and shown
          here; old tool outputs may also have been shortened for the model.
        </p>
        <p className="whitespace-pre-wrap text-fg" data-testid="compaction-summary">
          {compaction.summary}
        </p>
      </div>
    </details>
  );
}
