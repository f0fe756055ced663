import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

export async function listJobs(ctx: OpContext, _p: ParsedParams<"exec:list">): Promise<Result<"exec:list">> {
  return { jobs: ctx.jobs.list() };
}
