import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function gitDiffTool(ctx: ToolContext) {
  return tool({
    description: "Show the git diff of the working tree (or of staged changes), optionally for one path.",
    inputSchema: z.object({
      staged: z.boolean().default(false),
      path: z.string().optional(),
      cwd: z.string().default("."),
    }),
    execute: (input) =>
      runTool(ctx, "gitDiff", input, async () => {
        const bridge = await ctx.bridge();
        return bridge.git.diff({ ...input, maxBytes: 64 * 1024 });
      }),
  });
}
