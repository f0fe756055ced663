import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** Relays open / diff to the extension of the window in use; not delivered when none is connected. */
export async function editorCommand(
  ctx: OpContext,
  params: ParsedParams<"editor:command">,
): Promise<Result<"editor:command">> {
  return { delivered: (await ctx.editor?.send(params.command)) ?? false };
}
