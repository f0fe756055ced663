import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { checkoutArgs } from "./args";
import { head, repoDir } from "./repo";
import { runGit } from "./run-git";

/** Switch to a branch (or commit), optionally creating the branch. */
export async function gitCheckout(
  ctx: OpContext,
  p: ParsedParams<"git:checkout">,
): Promise<Result<"git:checkout">> {
  const cwd = await repoDir(ctx, p.cwd);
  await runGit(ctx, checkoutArgs(p.ref, p.create), { cwd });
  return head(ctx, cwd);
}
