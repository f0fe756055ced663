import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { classifyExecError } from "./classify";
import { clampTimeout, resolveCwd } from "./prepare";
import { shellEnv, spawnShell } from "./shell";

export async function startJob(ctx: OpContext, p: ParsedParams<"exec:start">): Promise<Result<"exec:start">> {
  const cwd = await resolveCwd(ctx, p.cwd);
  const env = await shellEnv(ctx, p.env);
  let child: ReturnType<typeof spawnShell>;
  try {
    child = spawnShell(ctx, p.command, cwd, env, p.stdin !== undefined);
  } catch (e) {
    throw classifyExecError(e);
  }
  if (p.stdin !== undefined) {
    child.stdin!.on("error", () => {});
    child.stdin!.end(p.stdin);
  }
  // A spawn failure arrives asynchronously; without a listener it would crash the bridge.
  child.on("error", () => {});
  const timeout = p.timeoutMs === undefined ? undefined : clampTimeout(ctx, p.timeoutMs);
  const jobId = ctx.jobs.add(p.command, child, p.bufferBytes, timeout);
  return { jobId, pid: child.pid ?? -1 };
}
