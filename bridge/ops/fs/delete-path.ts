import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { fsStep } from "./classify";

/** Delete a file or link; a folder only with `recursive: true` so a slip cannot wipe a tree. */
export async function deletePath(ctx: OpContext, p: ParsedParams<"fs:delete">): Promise<Result<"fs:delete">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path, { forWrite: true, followFinal: false });
  return fsStep(rel, async () => {
    const st = await ctx.fs.lstat(abs);
    if (st.isDirectory()) {
      if (!p.recursive)
        throw new BridgeError("EISDIR", `${rel} is a folder; pass recursive: true to delete it`);
      await ctx.fs.rm(abs, { recursive: true });
    } else {
      await ctx.fs.unlink(abs);
    }
    return { path: rel };
  });
}
