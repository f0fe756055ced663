import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function searchCodeTool(ctx: ToolContext) {
  return tool({
    description:
      "Search file contents with ripgrep (regex by default). Returns matching lines with file and line number.",
    inputSchema: z.object({
      pattern: z.string().min(1),
      path: z.string().default("."),
      literal: z.boolean().default(false).describe("Treat the pattern as a plain string"),
      include: z.array(z.string()).max(20).default([]).describe("Globs such as *.ts"),
      caseSensitive: z.boolean().default(true),
    }),
    execute: (input) =>
      runTool(ctx, "searchCode", input, async () => {
        const bridge = await ctx.bridge();
        const r = await bridge.search.grep({
          pattern: input.pattern,
          path: input.path,
          fixedStrings: input.literal,
          include: input.include,
          caseSensitive: input.caseSensitive,
          maxResults: 100,
        });
        const matches = r.matches.map((m) => `${m.path}:${m.line}: ${m.text.slice(0, 300)}`);
        return { matches, truncated: r.truncated };
      }),
  });
}
