import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function gitStatusTool(ctx: ToolContext) {
  return tool({
    description:
      "Show the git branch, ahead/behind counts and changed files of the repository in /workspace.",
    inputSchema: z.object({ cwd: z.string().default(".") }),
    execute: (input) =>
      runTool(ctx, "gitStatus", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.git.status({ cwd: input.cwd });
        return { ...r, files: r.files.slice(0, 300).map((f) => `${f.index}${f.worktree} ${f.path}`) };
      }),
  });
}
