import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function startBackgroundTool(ctx: ToolContext) {
  return tool({
    description:
      "Start a long-running command (dev server, watcher) in the background. Returns a jobId for readOutput and stopBackground.",
    inputSchema: z.object({ command: z.string().min(1).max(100_000), cwd: z.string().default(".") }),
    execute: (input) =>
      runTool(ctx, "startBackground", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.exec.start({ command: input.command, cwd: input.cwd });
        return { jobId: r.jobId, pid: r.pid };
      }),
  });
}
