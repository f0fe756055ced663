import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { fsStep } from "./classify";

/** Rename within the workspace. A symlink is moved as a link; an existing target needs `overwrite`. */
export async function movePath(ctx: OpContext, p: ParsedParams<"fs:move">): Promise<Result<"fs:move">> {
  const from = await resolveInWorkspace(ctx.root, p.from, { forWrite: true, followFinal: false });
  const to = await resolveInWorkspace(ctx.root, p.to, { forWrite: true, followFinal: false });
  if (to.abs === from.abs || to.abs.startsWith(`${from.abs}/`)) {
    throw new BridgeError("EINVAL", `cannot move ${from.rel} into itself`);
  }
  await fsStep(from.rel, () => ctx.fs.lstat(from.abs));
  return fsStep(to.rel, async () => {
    const existing = await ctx.fs.lstat(to.abs).catch(() => undefined);
    if (existing && !p.overwrite)
      throw new BridgeError("EEXIST", `${to.rel} already exists (pass overwrite: true)`);
    if (p.createParents) await ctx.fs.mkdir(path.dirname(to.abs), { recursive: true });
    await ctx.fs.rename(from.abs, to.abs);
    return { from: from.rel, to: to.rel };
  });
}
