import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function writeFileTool(ctx: ToolContext) {
  return tool({
    description:
      "Create or overwrite a file with the given content (parent folders are created). Prefer editFile for changes to existing files.",
    inputSchema: z.object({
      path: z.string().min(1).describe("File path relative to /workspace"),
      content: z.string().max(4 * 1024 * 1024),
    }),
    execute: (input) =>
      runTool(ctx, "writeFile", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.fs.write({ path: input.path, content: input.content });
        return { path: r.path, bytes: r.bytes };
      }),
  });
}
