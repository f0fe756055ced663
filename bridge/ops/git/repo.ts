import path from "node:path";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { resolveCwd } from "../exec/prepare";
import { runGit } from "./run-git";

/** The repository folder (confined) for a git op. */
export const repoDir = (ctx: OpContext, cwd: string) => resolveCwd(ctx, cwd);

/** Workspace paths → paths relative to the repo folder, each one confined first. */
export async function repoPaths(ctx: OpContext, repo: string, paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const { abs } = await resolveInWorkspace(ctx.root, p, { followFinal: false });
    out.push(path.relative(repo, abs) || ".");
  }
  return out;
}

/** Current branch and commit; null for a detached HEAD or an empty repository. */
export async function head(
  ctx: OpContext,
  cwd: string,
): Promise<{ branch: string | null; commit: string | null }> {
  const [b, c] = await Promise.all([
    runGit(ctx, ["symbolic-ref", "--short", "-q", "HEAD"], { cwd, allowFail: true }),
    runGit(ctx, ["rev-parse", "-q", "--verify", "HEAD"], { cwd, allowFail: true }),
  ]);
  return {
    branch: b.code === 0 ? b.stdout.trim() || null : null,
    commit: c.code === 0 ? c.stdout.trim() || null : null,
  };
}
