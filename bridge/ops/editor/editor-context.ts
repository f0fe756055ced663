import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** The newest report of the image's VS Code extension, or null (none connected). */
export async function editorContext(
  ctx: OpContext,
  _params: ParsedParams<"editor:context">,
): Promise<Result<"editor:context">> {
  return ctx.editor?.latest() ?? null;
}
