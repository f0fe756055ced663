// The agent's plan for multi-step work: a short checklist the model keeps current with the
// updatePlan tool. It lives in the stored tool calls of the thread (no table of its own): the
// latest updatePlan call in the conversation is the plan, so a reload or a restart shows it, and
// the panel derives it from the same message parts while an answer streams.
import { z } from "zod";

export const PLAN_STATUSES = ["pending", "in_progress", "done"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_MAX_STEPS = 20;
export const PLAN_TITLE_MAX = 120;

export const planStep = z.object({
  title: z.string().trim().min(1).max(PLAN_TITLE_MAX).describe("What this step does, a few words"),
  status: z.enum(PLAN_STATUSES),
});
export const planInput = z.object({
  steps: z
    .array(planStep)
    .min(1)
    .max(PLAN_MAX_STEPS)
    .describe("The whole plan, in order; each call replaces the previous one"),
});
export type PlanStep = z.infer<typeof planStep>;
export type Plan = { steps: PlanStep[]; done: number; streaming: boolean };

type PartLike = { type: string; state?: string; input?: unknown };
type MessageLike = { role: string; parts: readonly unknown[] };

/** The steps of one updatePlan input that are complete enough to show (a streaming input is partial). */
function stepsOf(input: unknown): PlanStep[] {
  const raw = (input as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(raw)) return [];
  const steps: PlanStep[] = [];
  for (const s of raw.slice(0, PLAN_MAX_STEPS)) {
    const title = (s as { title?: unknown })?.title;
    if (typeof title !== "string" || !title.trim()) continue;
    const status = (s as { status?: unknown }).status;
    steps.push({
      title: title.trim().slice(0, PLAN_TITLE_MAX),
      status: PLAN_STATUSES.includes(status as PlanStatus) ? (status as PlanStatus) : "pending",
    });
  }
  return steps;
}

/**
 * The latest plan in a conversation, or null when the agent never made one. A call the person
 * denied or whose input failed validation does not count; one whose input is still streaming does
 * (with `streaming: true`), so the checklist follows the model as it writes.
 */
export function latestPlan(messages: readonly MessageLike[]): Plan | null {
  for (let m = messages.length - 1; m >= 0; m--) {
    const msg = messages[m]!;
    if (msg.role !== "assistant") continue;
    const parts = msg.parts as PartLike[];
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!;
      if (p.type !== "tool-updatePlan") continue;
      if (p.state === "output-error" || p.state === "output-denied") continue;
      const steps = stepsOf(p.input);
      if (!steps.length) continue;
      return {
        steps,
        done: steps.filter((s) => s.status === "done").length,
        streaming: p.state === "input-streaming",
      };
    }
  }
  return null;
}
