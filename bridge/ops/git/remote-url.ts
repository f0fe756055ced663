import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { baseConfig } from "./args";
import { repoDir } from "./repo";
import { runGit } from "./run-git";

/** The URL a remote name really means to git (pushurl, insteadOf, pushInsteadOf applied). */
export async function remoteUrl(ctx: OpContext, cwd: string, remote: string, push: boolean): Promise<string> {
  // `remote` matched the protocol's Remote pattern (no leading "-"), so it cannot be an option.
  const args = [...baseConfig(), "remote", "get-url", ...(push ? ["--push"] : []), remote];
  const { stdout } = await runGit(ctx, args, { cwd });
  return stdout.trim().split("\n")[0] ?? "";
}

export async function gitRemoteUrl(
  ctx: OpContext,
  p: ParsedParams<"git:remote">,
): Promise<Result<"git:remote">> {
  const cwd = await repoDir(ctx, p.cwd);
  return { remote: p.remote, url: await remoteUrl(ctx, cwd, p.remote, p.push) };
}
