import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { fsStep } from "./classify";
import { entryType } from "./entry-type";

export async function statPath(ctx: OpContext, p: ParsedParams<"fs:stat">): Promise<Result<"fs:stat">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path);
  return fsStep(rel, async () => {
    const s = await ctx.fs.stat(abs);
    return { path: rel, type: entryType(s), size: s.size, mtimeMs: s.mtimeMs, mode: s.mode & 0o7777 };
  });
}
