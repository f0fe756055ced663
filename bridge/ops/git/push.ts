import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { baseConfig, pushArgs } from "./args";
import { redact } from "./classify";
import { credentialTarget } from "./credential-target";
import { head, repoDir } from "./repo";
import { runGit } from "./run-git";

/** Push a branch (default: the current one); hooks off unless asked, credentials per call. */
export async function gitPush(ctx: OpContext, p: ParsedParams<"git:push">): Promise<Result<"git:push">> {
  const cwd = await repoDir(ctx, p.cwd);
  const branch = p.branch ?? (await head(ctx, cwd)).branch;
  if (!branch) throw new BridgeError("EGIT", "HEAD is detached: name the branch to push");
  const { target, url, creds } = await credentialTarget(ctx, cwd, p, true);
  const r = await runGit(ctx, pushArgs(p, branch, target, url), { cwd, creds, timeoutMs: p.timeoutMs });
  if (p.setUpstream && target !== p.remote) {
    // Pushed to an explicit URL: record the tracking the way --set-upstream would have.
    await runGit(ctx, [...baseConfig(), "config", `branch.${branch}.remote`, p.remote], { cwd });
    await runGit(ctx, [...baseConfig(), "config", `branch.${branch}.merge`, `refs/heads/${branch}`], { cwd });
  }
  return { remote: p.remote, branch, output: redact(r.stderr, [p.credentials?.password]).trim() };
}
