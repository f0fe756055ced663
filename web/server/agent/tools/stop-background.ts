import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function stopBackgroundTool(ctx: ToolContext) {
  return tool({
    description: "Stop a background job (its whole process group).",
    inputSchema: z.object({ jobId: z.string().min(1), force: z.boolean().default(false) }),
    execute: (input) =>
      runTool(ctx, "stopBackground", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.exec.kill({ jobId: input.jobId, signal: input.force ? "SIGKILL" : "SIGTERM" });
        return { jobId: r.jobId, running: r.running, exitCode: r.exitCode, signal: r.signal };
      }),
  });
}
