import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { fsStep } from "./classify";
import { entryType } from "./entry-type";
import { IgnoreRules } from "./ignore-rules";

type TreeEntry = Result<"fs:tree">["entries"][number];

/**
 * Depth-first listing (folders before files, sorted) down to `depth`, at most `limit` entries.
 * Symlinked folders are listed but not entered: they may point outside or loop.
 */
export async function tree(ctx: OpContext, p: ParsedParams<"fs:tree">): Promise<Result<"fs:tree">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path);
  const rules = new IgnoreRules(ctx, !p.includeIgnored);
  const entries: TreeEntry[] = [];
  let truncated = false;

  async function walk(dirAbs: string, dirRel: string, depth: number): Promise<void> {
    const dirents = await ctx.fs.readdir(dirAbs, { withFileTypes: true }).catch(() => []);
    dirents.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
    for (const d of dirents) {
      if (truncated) return;
      const childRel = dirRel === "." ? d.name : `${dirRel}/${d.name}`;
      if (await rules.ignored(childRel, d.isDirectory())) continue;
      if (entries.length >= p.limit) {
        truncated = true;
        return;
      }
      entries.push({ path: childRel, type: entryType(d), depth });
      if (d.isDirectory() && depth < p.depth) await walk(path.join(dirAbs, d.name), childRel, depth + 1);
    }
  }

  return fsStep(rel, async () => {
    const st = await ctx.fs.stat(abs);
    if (!st.isDirectory()) throw new BridgeError("ENOTDIR", `${rel} is not a folder`);
    await walk(abs, rel, 1);
    return { path: rel, entries, truncated };
  });
}
