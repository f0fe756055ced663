import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

export async function closeMcpServer(
  ctx: OpContext,
  p: ParsedParams<"mcp:close">,
): Promise<Result<"mcp:close">> {
  return { closed: ctx.mcp.close(p.sessionId) };
}
