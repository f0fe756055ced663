import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function deleteFileTool(ctx: ToolContext) {
  return tool({
    description: "Delete a file, or a folder with recursive: true. A symlink is removed, not its target.",
    inputSchema: z.object({
      path: z.string().min(1).describe("Path relative to /workspace"),
      recursive: z.boolean().default(false),
    }),
    execute: (input) =>
      runTool(ctx, "deleteFile", input, async () => {
        const bridge = await ctx.bridge();
        return bridge.fs.delete({ path: input.path, recursive: input.recursive });
      }),
  });
}
