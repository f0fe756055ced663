import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { diffArgs } from "./args";
import { repoDir, repoPaths } from "./repo";
import { runGit } from "./run-git";

/** Unstaged (default) or staged diff, optionally for one path, cut at `maxBytes`. */
export async function gitDiff(ctx: OpContext, p: ParsedParams<"git:diff">): Promise<Result<"git:diff">> {
  const cwd = await repoDir(ctx, p.cwd);
  const paths = p.path ? await repoPaths(ctx, cwd, [p.path]) : [];
  const r = await runGit(ctx, diffArgs(p.staged, paths), { cwd, maxBytes: p.maxBytes });
  return { diff: r.stdout, truncated: r.truncated };
}
