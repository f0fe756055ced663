import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { joinOutput, tail } from "./output";
import { runTool } from "./run";

export function readOutputTool(ctx: ToolContext) {
  return tool({
    description:
      "Read a background job's output. Pass the previous nextOffset as offset to get only new output. Says whether it is still running.",
    inputSchema: z.object({ jobId: z.string().min(1), offset: z.number().int().min(0).default(0) }),
    execute: (input) =>
      runTool(ctx, "readOutput", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.exec.read({ jobId: input.jobId, offset: input.offset });
        return {
          running: r.running,
          exitCode: r.exitCode,
          output: tail(joinOutput(r.output)).text,
          nextOffset: r.nextOffset,
          dropped: r.dropped,
        };
      }),
  });
}
