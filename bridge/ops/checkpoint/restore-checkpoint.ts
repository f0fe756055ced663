import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { errnoOf } from "../errors";
import { planRestore } from "./plan";
import { withStore } from "./store";

/**
 * Undo one turn: every file it changed goes back to its content in `before` (a file it added is
 * removed, with folders left empty by that); files changed again since are left alone unless forced.
 */
export function restoreCheckpoint(
  ctx: OpContext,
  p: ParsedParams<"checkpoint:restore">,
): Promise<Result<"checkpoint:restore">> {
  return withStore(ctx, p.timeoutMs, async (cp) => {
    const { beforeCommit, changes } = await planRestore(ctx, cp, p.before, p.after);
    const todo = changes.filter((c) => p.force || !c.conflict);
    const put = todo.filter((c) => !c.removeOnRestore).map((c) => c.path);
    // Paths travel on stdin (NUL-separated, literal): no argv limit, no pathspec magic. git
    // refuses to write through a symlinked parent folder, so a restore stays in the work tree.
    if (put.length > 0)
      await cp(["checkout", beforeCommit, "--pathspec-from-file=-", "--pathspec-file-nul"], {
        stdin: `${put.join("\0")}\0`,
      });
    for (const c of todo.filter((c) => c.removeOnRestore)) await removeAdded(ctx, c.path);
    return {
      restored: todo.map((c) => c.path),
      conflicts: changes.filter((c) => c.conflict && !p.force).map((c) => c.path),
    };
  });
}

async function removeAdded(ctx: OpContext, rel: string): Promise<void> {
  const { abs } = await resolveInWorkspace(ctx.root, rel, { followFinal: false });
  await ctx.fs.rm(abs, { force: true });
  for (let dir = path.dirname(abs); dir.startsWith(`${ctx.root}/`); dir = path.dirname(dir)) {
    try {
      await ctx.fs.rmdir(dir);
    } catch (e) {
      if (errnoOf(e) === "ENOTEMPTY" || errnoOf(e) === "EEXIST" || errnoOf(e) === "ENOENT") break;
      throw e;
    }
  }
}
