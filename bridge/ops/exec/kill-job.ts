import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** Signal the whole process group of a job (SIGTERM escalates to SIGKILL after a grace period). */
export function killJob(ctx: OpContext, p: ParsedParams<"exec:kill">): Promise<Result<"exec:kill">> {
  return ctx.jobs.kill(p.jobId, p.signal);
}
