import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { branchCreateArgs, branchListArgs } from "./args";
import { repoDir } from "./repo";
import { runGit } from "./run-git";

/** List local branches, or create one (without switching: use git:checkout for that). */
export async function gitBranch(
  ctx: OpContext,
  p: ParsedParams<"git:branch">,
): Promise<Result<"git:branch">> {
  const cwd = await repoDir(ctx, p.cwd);
  if (p.action === "create") await runGit(ctx, branchCreateArgs(p.name, p.startPoint), { cwd });
  const { stdout } = await runGit(ctx, branchListArgs(), { cwd });
  const branches = stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [mark = "", name = "", commit = ""] = line.split("\x1f");
      return { name, commit, current: mark === "*" };
    });
  return { current: branches.find((b) => b.current)?.name ?? null, branches };
}
