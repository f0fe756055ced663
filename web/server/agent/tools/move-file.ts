import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function moveFileTool(ctx: ToolContext) {
  return tool({
    description:
      "Move or rename a file or folder (parent folders of the destination are created). Refuses to overwrite unless overwrite is true.",
    inputSchema: z.object({
      from: z.string().min(1).describe("Path relative to /workspace"),
      to: z.string().min(1).describe("Path relative to /workspace"),
      overwrite: z.boolean().default(false),
    }),
    execute: (input) =>
      runTool(ctx, "moveFile", input, async () => {
        const bridge = await ctx.bridge();
        return bridge.fs.move({
          from: input.from,
          to: input.to,
          overwrite: input.overwrite,
          createParents: true,
        });
      }),
  });
}
