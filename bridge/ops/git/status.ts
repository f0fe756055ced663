import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { statusArgs } from "./args";
import { parseStatus } from "./parse-status";
import { repoDir } from "./repo";
import { runGit } from "./run-git";

export async function gitStatus(
  ctx: OpContext,
  p: ParsedParams<"git:status">,
): Promise<Result<"git:status">> {
  const cwd = await repoDir(ctx, p.cwd);
  const { stdout } = await runGit(ctx, statusArgs(), { cwd });
  return parseStatus(stdout);
}
