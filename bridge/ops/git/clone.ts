import type { ParsedParams, Result } from "../../protocol/index";
import { resolveInWorkspace } from "../confine";
import type { OpContext } from "../context";
import { OpError } from "../errors";
import { cloneArgs } from "./args";
import { progressReader } from "./progress";
import { head } from "./repo";
import { runGit } from "./run-git";

/**
 * Clone into the root (which must be empty) or a missing/empty subfolder, streaming
 * `git:progress` events to the caller. Credentials live only in this git child's env.
 */
export async function gitClone(
  ctx: OpContext,
  p: ParsedParams<"git:clone">,
  opId: string,
): Promise<Result<"git:clone">> {
  const dest = await resolveInWorkspace(ctx.root, p.path);
  const existing = await ctx.fs.readdir(dest.abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [] as string[];
    if (e.code === "ENOTDIR") throw new OpError("EEXIST", `${dest.rel} exists and is not a folder`);
    throw e;
  });
  if (existing.length > 0)
    throw new OpError("ENOTEMPTY", `${dest.rel} is not empty; clone into an empty folder`);
  const onStderr = progressReader((pr) => ctx.emit("git:progress", { opId, ...pr }));
  await runGit(ctx, cloneArgs(p, dest.abs), {
    cwd: ctx.root,
    creds: p.credentials,
    timeoutMs: p.timeoutMs,
    onStderr,
  });
  ctx.emit("git:progress", { opId, phase: "done", percent: 100, overall: 100 });
  return { path: dest.rel, ...(await head(ctx, dest.abs)) };
}
