import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { captureTree } from "./capture";
import { REF_PREFIX, withStore } from "./store";

/** Captures the workspace's files as checkpoint `name` (replacing one of the same name). */
export function createCheckpoint(
  ctx: OpContext,
  p: ParsedParams<"checkpoint:create">,
): Promise<Result<"checkpoint:create">> {
  return withStore(ctx, p.timeoutMs, async (cp) => {
    const { tree, files, bytes } = await captureTree(ctx, cp, p);
    // The subject carries the creation time in ms: prune orders by it (commit dates are seconds).
    const commit = (
      await cp(["commit-tree", tree, "-m", `checkpoint ${Date.now()} ${p.name}`])
    ).stdout.trim();
    await cp(["update-ref", `${REF_PREFIX}${p.name}`, commit]);
    return { name: p.name, commit, tree, files, bytes };
  });
}
