import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** Wait until the job exits or `timeoutMs` passes; either way answers with the current state. */
export function waitJob(ctx: OpContext, p: ParsedParams<"exec:wait">): Promise<Result<"exec:wait">> {
  return ctx.jobs.wait(p.jobId, p.timeoutMs);
}
