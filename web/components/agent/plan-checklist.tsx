"use client";
// The agent's current plan (its latest updatePlan call, plan.ts) as a checklist pinned above the
// conversation. It is derived from the messages, so it follows the stream live and a reload shows
// the same list from the stored history.
import { useState } from "react";
import type { Plan, PlanStatus } from "@/contract/plan";

const MARK: Record<PlanStatus, string> = { pending: "○", in_progress: "◐", done: "●" };
const TONE: Record<PlanStatus, string> = {
  pending: "text-muted-fg",
  in_progress: "text-accent font-medium",
  done: "text-muted-fg line-through",
};
const LABEL: Record<PlanStatus, string> = { pending: "pending", in_progress: "in progress", done: "done" };

export function PlanChecklist({ plan }: { plan: Plan }) {
  const [open, setOpen] = useState(true);
  return (
    <div className="shrink-0 border-b border-border bg-card px-3 py-2 text-xs" data-testid="agent-plan">
      <button
        type="button"
        className="flex w-full items-center justify-between text-left"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
      >
        <span className="font-medium">Plan</span>
        <span className="text-muted-fg" data-testid="agent-plan-progress">
          {plan.done}/{plan.steps.length} done{plan.streaming ? " · updating…" : ""}
        </span>
      </button>
      {open && (
        <ol className="mt-1 max-h-40 space-y-0.5 overflow-y-auto">
          {plan.steps.map((s, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: steps have no ids; the list is replaced whole
              key={i}
              className={`flex gap-1.5 ${TONE[s.status]}`}
              data-testid="agent-plan-step"
              data-status={s.status}
            >
              <span aria-hidden>{MARK[s.status]}</span>
              <span className="min-w-0 break-words">{s.title}</span>
              <span className="sr-only">({LABEL[s.status]})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
