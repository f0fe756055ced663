// One chat request's MCP servers: connected before the agent loop, closed when its answer ends
// (chat.ts onEnd), and in any case after MAX_TURN_MS, so a stream that never ends cannot keep
// the workspace's servers running. A failure here never fails the request: no MCP tools instead.
import type { BridgeClient } from "@kalpana/bridge/client";
import { logger } from "../../log/log";
import type { ToolContext } from "../tools/context";
import { connectMcp, type McpConnection, type McpConnectOptions } from "./connect";

const log = logger("mcp");
const MAX_TURN_MS = 30 * 60_000;

export async function connectMcpForTurn(
  bridge: BridgeClient,
  ctx: ToolContext,
  opts: McpConnectOptions = {},
): Promise<McpConnection> {
  let conn: McpConnection;
  try {
    conn = await connectMcp(bridge, ctx, opts);
  } catch (e) {
    log.error({ err: e }, "mcp: could not connect the workspace's servers");
    return { status: { configured: false, servers: [] }, tools: {}, close: async () => {} };
  }
  const timer = setTimeout(() => void conn.close(), MAX_TURN_MS);
  timer.unref();
  return {
    ...conn,
    close: () => {
      clearTimeout(timer);
      return conn.close();
    },
  };
}
