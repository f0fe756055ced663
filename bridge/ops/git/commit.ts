import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { addArgs, commitArgs } from "./args";
import { head, repoDir, repoPaths } from "./repo";
import { runGit } from "./run-git";

/**
 * Stage (all, or the given paths) then commit as the given author. Identity comes per call
 * via `-c user.*` so nothing is written to the repository's config.
 */
export async function gitCommit(
  ctx: OpContext,
  p: ParsedParams<"git:commit">,
): Promise<Result<"git:commit">> {
  const cwd = await repoDir(ctx, p.cwd);
  if (p.all) await runGit(ctx, addArgs("all"), { cwd });
  else if (p.paths.length > 0) await runGit(ctx, addArgs(await repoPaths(ctx, cwd, p.paths)), { cwd });
  const r = await runGit(ctx, commitArgs(p), { cwd, stdin: p.message, allowFail: true });
  if (r.code !== 0) {
    const text = `${r.stdout}\n${r.stderr}`;
    if (/nothing (added )?to commit|no changes added/i.test(text)) {
      throw new BridgeError(
        "EGIT",
        "nothing to commit: stage changes (all: true or paths) or pass allowEmpty",
      );
    }
    throw new BridgeError("EGIT", text.trim().split("\n").slice(-6).join("\n"));
  }
  const h = await head(ctx, cwd);
  return { commit: h.commit ?? "", branch: h.branch, summary: r.stdout.trim().split("\n")[0] ?? "" };
}
