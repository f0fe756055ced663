// The GitHub token is fetched per call and handed to the bridge for this one push; the bridge
// gives it to git through an askpass helper's environment, never argv, files or logs.
import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function gitPushTool(ctx: ToolContext) {
  return tool({
    description:
      "Push the current branch to its remote (origin by default) with the person's GitHub credentials.",
    inputSchema: z.object({
      remote: z.string().default("origin"),
      branch: z.string().optional(),
      setUpstream: z.boolean().default(false),
      forceWithLease: z
        .boolean()
        .default(false)
        .describe("Only when the person explicitly asked to rewrite history"),
      cwd: z.string().default("."),
    }),
    execute: (input) =>
      runTool(ctx, "gitPush", input, async () => {
        const bridge = await ctx.bridge();
        const token = await ctx.gitToken();
        const r = await bridge.git.push({
          ...input,
          ...(token ? { credentials: { username: "x-access-token", password: token } } : {}),
          timeoutMs: 120_000,
        });
        return { remote: r.remote, branch: r.branch, output: r.output.slice(-4000) };
      }),
  });
}
