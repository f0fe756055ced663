// What the agent panel shows about a workspace's MCP servers: each one is started, asked for its
// tools and closed again, exactly as a chat request would connect it, so the errors are the same.
import type { BridgeClient } from "@kalpana/bridge/client";
import type { McpStatus } from "../../../contract/mcp";
import { audit } from "../../audit/audit";
import { writeMcpRemote } from "../../db/workspaces";
import { AppError } from "../../errors";
import { sharedBridge } from "../../workspaces/bridge";
import { getOwned } from "../../workspaces/store";
import type { ToolContext } from "../tools/context";
import { connectMcp } from "./connect";

/** Tools listed for the panel are never called: the connection closes before anyone could. */
function listOnly(workspaceId: string, userId: string, bridge: BridgeClient): ToolContext {
  return {
    workspaceId,
    userId,
    bridge: async () => bridge,
    gitToken: async () => null,
    gitAuthor: { name: "", email: "" },
    audit: () => {},
    saveNixConfig: async () => {},
  };
}

export async function mcpStatusOf(
  bridge: BridgeClient,
  workspaceId = "",
  userId = "",
  allowRemote = false,
): Promise<McpStatus> {
  const conn = await connectMcp(bridge, listOnly(workspaceId, userId, bridge), { allowRemote });
  await conn.close();
  return conn.status;
}

export async function workspaceMcpStatus(userId: string, workspaceId: string): Promise<McpStatus> {
  const w = await getOwned(userId, workspaceId);
  // A stopped workspace runs no servers and its file cannot be read: nothing to show.
  if (w.status !== "RUNNING") return { configured: false, servers: [] };
  const bridge = await sharedBridge(workspaceId).catch(() => {
    throw new AppError("unavailable", "The workspace's bridge is not reachable. Try again in a moment.");
  });
  return mcpStatusOf(bridge, workspaceId, userId, w.mcpRemote);
}

/** Whether the person allowed the workspace's remote MCP servers (the panel's checkbox). */
export async function mcpSettings(userId: string, workspaceId: string): Promise<{ allowRemote: boolean }> {
  return { allowRemote: (await getOwned(userId, workspaceId)).mcpRemote };
}

/** The person's opt-in to remote MCP servers; owner only (getOwned: 404 otherwise), audited. */
export async function setMcpRemote(
  userId: string,
  workspaceId: string,
  allowRemote: boolean,
): Promise<{ allowRemote: boolean }> {
  const w = await getOwned(userId, workspaceId);
  if (w.mcpRemote !== allowRemote) {
    await writeMcpRemote(workspaceId, allowRemote);
    await audit({
      userId,
      workspaceId,
      action: "workspace.mcp-remote",
      summary: `${w.name}: remote MCP servers ${allowRemote ? "allowed" : "off"}`,
    });
  }
  return { allowRemote };
}
