import { mcpSettingsInput } from "@/contract/mcp";
import { mcpSettings, setMcpRemote, workspaceMcpStatus } from "@/server/agent/mcp/status";
import { authed, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

/** The MCP servers .kalpana/mcp.json declares: each started, its tools listed, then closed. */
export const GET = authed<{ id: string }>(async (_req, user, { id }) => ({
  mcp: await workspaceMcpStatus(user.id, id),
  ...(await mcpSettings(user.id, id)),
}));

/** { allowRemote }: the person's opt-in to this workspace's remote MCP servers (owner only, audited). */
export const PATCH = authed<{ id: string }>(async (req, user, { id }) => {
  const { allowRemote } = await readJson(req, mcpSettingsInput);
  return setMcpRemote(user.id, id, allowRemote);
});
