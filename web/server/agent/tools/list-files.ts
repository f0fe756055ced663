import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function listFilesTool(ctx: ToolContext) {
  return tool({
    description: "List files and folders (gitignore-aware) under a path, as a tree down to the given depth.",
    inputSchema: z.object({
      path: z.string().default("."),
      depth: z.number().int().min(1).max(6).default(2),
    }),
    execute: (input) =>
      runTool(ctx, "listFiles", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.fs.tree({ path: input.path, depth: input.depth, limit: 500 });
        // One line per entry, folders with a trailing slash: compact for the model's context.
        const entries = r.entries.map((e) => (e.type === "dir" ? `${e.path}/` : e.path));
        return { path: r.path, entries, truncated: r.truncated };
      }),
  });
}
