import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function editFileTool(ctx: ToolContext) {
  return tool({
    description:
      "Replace an exact string in a file. oldString must match exactly once (include surrounding lines to make it unique) unless expectedReplacements is given. Returns a unified diff.",
    inputSchema: z.object({
      path: z.string().min(1),
      oldString: z.string().min(1),
      newString: z.string(),
      expectedReplacements: z.number().int().min(1).optional(),
    }),
    execute: (input) =>
      runTool(ctx, "editFile", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.fs.edit(input);
        return { path: r.path, replacements: r.replacements, diff: r.diff };
      }),
  });
}
