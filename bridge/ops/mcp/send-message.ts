import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";

export async function sendMcpMessage(
  ctx: OpContext,
  p: ParsedParams<"mcp:send">,
): Promise<Result<"mcp:send">> {
  return { sent: ctx.mcp.send(p.sessionId, p.message) };
}
