import { tool } from "ai";
import { planInput } from "../../../contract/plan";

// No bridge call and no approval: the plan is the model's own note to the person, kept in the
// thread's stored tool calls and rendered by the panel (plan.ts). Nothing runs in the workspace.
export function updatePlanTool() {
  return tool({
    description:
      "Show the person your plan for multi-step work as a checklist. Send the whole list each time (it replaces the previous one): short step titles, each pending, in_progress or done. Call it when you start a task of three or more steps and again whenever a step starts or finishes.",
    inputSchema: planInput,
    execute: async (input) => ({
      ok: true,
      steps: input.steps.length,
      done: input.steps.filter((s) => s.status === "done").length,
    }),
  });
}
