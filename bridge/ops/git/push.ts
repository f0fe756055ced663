import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { OpError } from "../errors";
import { pushArgs } from "./args";
import { redact } from "./classify";
import { head, repoDir } from "./repo";
import { runGit } from "./run-git";

/** Push a branch (default: the current one); hooks off unless asked, credentials per call. */
export async function gitPush(ctx: OpContext, p: ParsedParams<"git:push">): Promise<Result<"git:push">> {
  const cwd = await repoDir(ctx, p.cwd);
  const branch = p.branch ?? (await head(ctx, cwd)).branch;
  if (!branch) throw new OpError("EGIT", "HEAD is detached: name the branch to push");
  const r = await runGit(ctx, pushArgs(p, branch), { cwd, creds: p.credentials, timeoutMs: p.timeoutMs });
  return { remote: p.remote, branch, output: redact(r.stderr, [p.credentials?.password]).trim() };
}
