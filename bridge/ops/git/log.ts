import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { logArgs } from "./args";
import { head, repoDir, repoPaths } from "./repo";
import { runGit } from "./run-git";

export async function gitLog(ctx: OpContext, p: ParsedParams<"git:log">): Promise<Result<"git:log">> {
  const cwd = await repoDir(ctx, p.cwd);
  // A fresh repository has no commits: that is an empty log, not an error.
  if (!p.ref && (await head(ctx, cwd)).commit === null) return { commits: [] };
  const paths = p.path ? await repoPaths(ctx, cwd, [p.path]) : [];
  const { stdout } = await runGit(ctx, logArgs(p.n, p.ref, paths), { cwd });
  const commits = stdout
    .split("\x1e")
    .map((r) => r.replace(/^\n/, ""))
    .filter((r) => r !== "")
    .map((r) => {
      const [hash = "", parents = "", authorName = "", authorEmail = "", date = "", subject = ""] =
        r.split("\x1f");
      return { hash, parents: parents ? parents.split(" ") : [], authorName, authorEmail, date, subject };
    });
  return { commits };
}
