import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { fetchArgs } from "./args";
import { redact } from "./classify";
import { credentialTarget } from "./credential-target";
import { progressReader } from "./progress";
import { repoDir } from "./repo";
import { runGit } from "./run-git";

export async function gitFetch(
  ctx: OpContext,
  p: ParsedParams<"git:fetch">,
  opId: string,
): Promise<Result<"git:fetch">> {
  const cwd = await repoDir(ctx, p.cwd);
  const onStderr = progressReader((pr) => ctx.emit("git:progress", { opId, ...pr }));
  const { target, url, creds } = await credentialTarget(ctx, cwd, p, false);
  const r = await runGit(ctx, fetchArgs(p, target, url), { cwd, creds, timeoutMs: p.timeoutMs, onStderr });
  return { remote: p.remote, output: redact(r.stderr, [p.credentials?.password]).trim() };
}
