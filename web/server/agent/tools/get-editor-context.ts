import { tool } from "ai";
import { z } from "zod";
import type { ToolContext } from "./context";
import { runTool } from "./run";

export function getEditorContextTool(ctx: ToolContext) {
  return tool({
    description:
      "What the person is looking at in VS Code right now: the active file, the lines on screen, the selection (with its text), the open files and their diagnostics (errors, warnings). Null fields: VS Code is not open or nothing is selected.",
    inputSchema: z.object({}),
    execute: (input) =>
      runTool(ctx, "getEditorContext", input, async () => {
        const bridge = await ctx.bridge();
        const c = await bridge.editor.context({});
        if (!c) return { connected: false, note: "VS Code is not open in the person's browser." };
        return { connected: true, ...c, at: new Date(c.at).toISOString() };
      }),
  });
}
