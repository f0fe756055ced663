import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** Cancel one of THIS connection's foreground commands; unknown ids answer cancelled: false. */
export async function cancelCommand(
  ctx: OpContext,
  p: ParsedParams<"exec:cancel">,
): Promise<Result<"exec:cancel">> {
  const cancel = ctx.execs.get(p.execId);
  cancel?.();
  return { cancelled: cancel !== undefined };
}
