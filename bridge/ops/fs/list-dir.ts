import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { fsStep } from "./classify";
import { entryType } from "./entry-type";
import { IgnoreRules } from "./ignore-rules";

/** One folder's entries, folders first, gitignored entries and .git hidden unless asked. */
export async function listDir(ctx: OpContext, p: ParsedParams<"fs:list">): Promise<Result<"fs:list">> {
  const { abs, rel } = await resolveInWorkspace(ctx.root, p.path);
  return fsStep(rel, async () => {
    const st = await ctx.fs.stat(abs);
    if (!st.isDirectory()) throw new BridgeError("ENOTDIR", `${rel} is not a folder`);
    const rules = new IgnoreRules(ctx, !p.includeIgnored);
    const dirents = await ctx.fs.readdir(abs, { withFileTypes: true });
    dirents.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
    const entries: Result<"fs:list">["entries"] = [];
    let truncated = false;
    for (const d of dirents) {
      const childRel = rel === "." ? d.name : `${rel}/${d.name}`;
      if (await rules.ignored(childRel, d.isDirectory())) continue;
      if (entries.length >= p.limit) {
        truncated = true;
        break;
      }
      // The entry may vanish between readdir and lstat (a build deleting files): skip it.
      const s = await ctx.fs.lstat(path.join(abs, d.name)).catch(() => undefined);
      if (!s) continue;
      entries.push({ name: d.name, path: childRel, type: entryType(s), size: s.size, mtimeMs: s.mtimeMs });
    }
    return { path: rel, entries, truncated };
  });
}
