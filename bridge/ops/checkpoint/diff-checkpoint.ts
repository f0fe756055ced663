import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { planRestore } from "./plan";
import { withStore } from "./store";

/** Preview of an undo: the files the turn changed, and which of them were changed since. */
export function diffCheckpoint(
  ctx: OpContext,
  p: ParsedParams<"checkpoint:diff">,
): Promise<Result<"checkpoint:diff">> {
  return withStore(ctx, p.timeoutMs, async (cp) => {
    const { changes } = await planRestore(ctx, cp, p.before, p.after);
    return {
      changes: changes.map(({ path, status, conflict }) => ({ path, status, conflict })),
      conflicts: changes.filter((c) => c.conflict).map((c) => c.path),
    };
  });
}
