// The agent changes its own environment: a new flake.nix or shell.nix for the workspace, realised at
// once by the image's kalpana-env through the bridge (env:apply). On success the configuration is
// also stored with the workspace, so the next start uses it; on failure Nix's error goes back to
// the model to fix, and the previous environment stays in place (the bridge restores it).
import { MAX_NIX_CONFIG } from "@kalpana/bridge/protocol";
import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

const LOG_FOR_MODEL = 4000;

export function updateNixEnvironmentTool(ctx: ToolContext) {
  return tool({
    description:
      "Replace the workspace's Nix environment (the whole flake.nix, or a shell.nix) and realise it now. " +
      "New terminals and later runCommand calls get the new tools; nothing restarts. If Nix fails, you get " +
      "its error and the previous environment stays: fix the file and call this again.",
    inputSchema: z.object({
      kind: z.enum(["flake", "shell"]).describe("flake: a flake.nix with a devShell; shell: a shell.nix"),
      content: z.string().min(1).max(MAX_NIX_CONFIG).describe("The complete file"),
    }),
    execute: (input) =>
      runTool(ctx, "updateNixEnvironment", { kind: input.kind, bytes: input.content.length }, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.env.apply({ ...input, timeoutMs: 10 * 60_000 });
        if (r.status?.state !== "ready") {
          const why = r.timedOut
            ? "realising timed out"
            : (r.status?.message ?? "kalpana-env wrote no status");
          return {
            error: `the Nix environment failed; the previous one is still in use. ${why}`,
            log: r.log.slice(-LOG_FOR_MODEL),
          };
        }
        await ctx.saveNixConfig(input);
        return { ok: true, message: r.status.message, log: r.log.slice(-LOG_FOR_MODEL) };
      }),
  });
}
