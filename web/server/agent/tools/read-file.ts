import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

const MAX_READ_BYTES = 256 * 1024;

export function readFileTool(ctx: ToolContext) {
  return tool({
    description:
      "Read a text file in the workspace. Paths are relative to /workspace. For large files pass a 1-based inclusive line range.",
    inputSchema: z.object({
      path: z.string().min(1).describe("File path relative to /workspace"),
      startLine: z.number().int().min(1).optional(),
      endLine: z.number().int().min(1).optional(),
    }),
    execute: (input) =>
      runTool(ctx, "readFile", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.fs.read({ ...input, maxBytes: MAX_READ_BYTES });
        return { path: r.path, content: r.content, size: r.size, endLine: r.endLine, hasMore: r.hasMore };
      }),
  });
}
