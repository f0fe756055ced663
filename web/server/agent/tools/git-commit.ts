import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function gitCommitTool(ctx: ToolContext) {
  return tool({
    description:
      "Commit changes. By default stages everything (git add -A); pass paths to commit only those. Hooks are not run.",
    inputSchema: z.object({
      message: z.string().min(1).max(10_000),
      paths: z.array(z.string()).max(1000).optional(),
      cwd: z.string().default("."),
    }),
    execute: (input) =>
      runTool(ctx, "gitCommit", input, async () => {
        const bridge = await ctx.bridge();
        const paths = input.paths ?? [];
        return bridge.git.commit({
          cwd: input.cwd,
          message: input.message,
          author: ctx.gitAuthor,
          all: paths.length === 0,
          paths,
        });
      }),
  });
}
