import { workspaceMcpStatus } from "@/server/agent/mcp/status";
import { authed } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** The MCP servers .kalpana/mcp.json declares: each started, its tools listed, then closed. */
export const GET = authed<{ id: string }>(async (_req, user, { id }) => ({
  mcp: await workspaceMcpStatus(user.id, id),
}));
