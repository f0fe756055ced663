import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { fetchArgs } from "./args";
import { redact } from "./classify";
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
  const r = await runGit(ctx, fetchArgs(p), { cwd, creds: p.credentials, timeoutMs: p.timeoutMs, onStderr });
  return { remote: p.remote, output: redact(r.stderr, [p.credentials?.password]).trim() };
}
