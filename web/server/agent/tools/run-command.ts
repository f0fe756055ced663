// Foreground command with live output: the async generator's intermediate values reach the UI as
// preliminary tool results while the command runs; only the final value goes to the model.
// Stopping the answer aborts `abortSignal`, which cancels the command in the container (the bridge
// kills its whole process group), so nothing the agent started keeps running unseen.
import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { tail } from "./output";
import { runStreamingTool } from "./run";

const PROGRESS_EVERY_MS = 100;

export type CommandProgress = { status: "running"; output: string };
export type CommandResult = {
  status: "done";
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  output: string;
};

export function runCommandTool(ctx: ToolContext) {
  return tool({
    description:
      "Run a bash command in /workspace (with the workspace's Nix environment) and wait for it. For servers or watchers use startBackground instead.",
    inputSchema: z.object({
      command: z.string().min(1).max(100_000),
      cwd: z.string().default("."),
      timeoutSeconds: z.number().int().min(1).max(600).default(120),
    }),
    execute: (input, { abortSignal }) =>
      runStreamingTool(
        ctx,
        "runCommand",
        input,
        async function* () {
          const bridge = await ctx.bridge();
          const timeoutMs = Math.min(input.timeoutSeconds * 1000, ctx.commandTimeoutMs ?? 600_000);
          const stream = bridge.execStream({ command: input.command, cwd: input.cwd, timeoutMs });
          const cancel = () => void stream.cancel().catch(() => {});
          if (abortSignal?.aborted) cancel();
          abortSignal?.addEventListener("abort", cancel, { once: true });
          try {
            let output = "";
            let last = 0;
            for await (const c of stream) {
              output += c.data;
              if (performance.now() - last >= PROGRESS_EVERY_MS) {
                last = performance.now();
                yield { status: "running", output: tail(output).text } as CommandProgress | CommandResult;
              }
            }
            const r = await stream.result;
            const full = r.output.map((c) => c.data).join("");
            return {
              status: "done",
              exitCode: r.exitCode,
              timedOut: r.timedOut,
              cancelled: r.cancelled,
              durationMs: Math.round(r.durationMs),
              output: tail(full).text + (r.truncated ? "\n…[output over the bridge cap was dropped]" : ""),
            } satisfies CommandResult;
          } finally {
            abortSignal?.removeEventListener("abort", cancel);
          }
        },
        (r) =>
          "exitCode" in r && r.status === "done"
            ? {
                outcome: r.cancelled ? "cancelled" : r.exitCode === 0 ? "ok" : "error",
                detail: `exit ${r.exitCode ?? (r.timedOut ? "timeout" : "cancelled")}`,
              }
            : {},
      ),
  });
}
