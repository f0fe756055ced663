import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

/** Output since `offset` (characters) plus the job state; `dropped` says what the ring buffer lost. */
export async function readJob(ctx: OpContext, p: ParsedParams<"exec:read">): Promise<Result<"exec:read">> {
  const job = ctx.jobs.get(p.jobId);
  return { ...ctx.jobs.info(job), ...job.buffer.readFrom(p.offset) };
}
