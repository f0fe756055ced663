// The GitHub token is fetched per call and handed to the bridge for this one push; the bridge
// gives it to git through an askpass helper's environment, never argv, files or logs. Where the
// push goes is decided first (push-target.ts): the exact URL git would use is resolved, the
// token is offered only for https on the configured GitHub host, and the push names that URL
// so the repository's pushurl/insteadOf cannot redirect it after the check.
import { BridgeError } from "@kalpana/bridge/client";
import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { displayUrl, resolvePushTarget } from "./push-target";
import { runTool } from "./run";

export function gitPushTool(ctx: ToolContext) {
  return tool({
    description:
      "Push the current branch to its remote (origin by default). The person's GitHub credentials go along only when the remote is on their GitHub host.",
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
        const target = await resolvePushTarget(bridge, input);
        const token = target.credentials ? await ctx.gitToken() : null;
        const notSent = target.why ? `the GitHub token was not sent: ${target.why}` : undefined;
        const r = await bridge.git
          .push({
            ...input,
            url: target.url,
            ...(target.branch ? { branch: target.branch } : {}),
            ...(token ? { credentials: { username: "x-access-token", password: token } } : {}),
            timeoutMs: 120_000,
          })
          .catch((e: unknown) => {
            // Tell the model (and the person) why a push elsewhere had no credentials.
            if (notSent && e instanceof BridgeError)
              throw new BridgeError(e.code, `${e.message}\n(${notSent})`);
            throw e;
          });
        return {
          remote: r.remote,
          url: displayUrl(target.url),
          branch: r.branch,
          output: r.output.slice(-4000),
          ...(notSent ? { credentials: notSent } : {}),
        };
      }),
  });
}
