// Connects the servers a workspace declares, for one chat turn (or one panel look): stdio servers
// start in the container through the bridge, remote ones are listed as disabled. Every failure
// (bad config, a crash, garbage on stdout, no answer in time) becomes that server's readable
// status; the turn goes on with whatever did connect. close() ends every session.
import { createMCPClient, type MCPClient, MCPClientError } from "@ai-sdk/mcp";
import { type BridgeClient, BridgeError } from "@kalpana/bridge/client";
import type { Tool } from "ai";
import type { McpServerStatus, McpStatus, McpStdioServer } from "../../../contract/mcp";
import { logger } from "../../log/log";
import type { ToolContext } from "../tools/context";
import { BridgeMcpTransport, printable } from "./bridge-transport";
import { readMcpConfig } from "./config";
import { mcpTools } from "./tools";

const log = logger("mcp");

export const REMOTE_DISABLED =
  "Remote MCP servers are not connected: only servers that run inside the workspace are enabled.";

export type McpConnection = { status: McpStatus; tools: Record<string, Tool>; close: () => Promise<void> };

export type McpConnectOptions = {
  /** For initialize and tools/list, each (default 10 s). */
  timeoutMs?: number;
};

const EMPTY: McpConnection = { status: { configured: false, servers: [] }, tools: {}, close: async () => {} };

/** Why a connection failed, in words for the panel; anything unexpected is logged, not shown. */
function failureText(e: unknown, transport: BridgeMcpTransport, timeoutMs: number): string {
  if (transport.failure) return transport.failure;
  if (e instanceof BridgeError) return `${e.code}: ${printable(e.message, 500)}`;
  if (MCPClientError.isInstance(e)) {
    return /timed out/i.test(e.message)
      ? `the server did not answer within ${Math.round(timeoutMs / 1000)} s`
      : printable(e.message, 500);
  }
  log.error({ err: e }, "mcp connect failed");
  return "the connection failed unexpectedly";
}

async function connectStdio(
  bridge: BridgeClient,
  name: string,
  server: McpStdioServer,
  ctx: ToolContext,
  timeoutMs: number,
): Promise<{ status: McpServerStatus; tools: Record<string, Tool>; client?: MCPClient }> {
  // Sessions belong to one bridge connection: the one the config was read on.
  const transport = new BridgeMcpTransport(bridge, {
    command: server.command,
    args: server.args,
    env: server.env,
    cwd: server.cwd,
  });
  let client: MCPClient | undefined;
  try {
    client = await createMCPClient({
      transport,
      clientName: "kalpana",
      initializationOptions: { timeout: timeoutMs },
      onUncaughtError: (e) => log.debug({ server: name, err: String(e) }, "mcp client error"),
    });
    const listed = await client.listTools({ options: { timeout: timeoutMs } });
    const set = mcpTools(name, client, listed.tools, ctx);
    const status: McpServerStatus = { name, kind: "stdio", status: "connected", tools: set.names };
    if (set.notes.length > 0) status.error = set.notes.slice(0, 5).join("; ");
    return { status, tools: set.tools, client };
  } catch (e) {
    await transport.settle(500);
    await (client ? client.close() : transport.close()).catch(() => {});
    const error = failureText(e, transport, timeoutMs);
    return { status: { name, kind: "stdio", status: "error", tools: [], error }, tools: {} };
  }
}

export async function connectMcp(
  bridge: BridgeClient,
  ctx: ToolContext,
  opts: McpConnectOptions = {},
): Promise<McpConnection> {
  const read = await readMcpConfig(bridge);
  if (!read.configured) return EMPTY;
  if ("error" in read)
    return { ...EMPTY, status: { configured: true, configError: read.error, servers: [] } };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const results = await Promise.all(
    Object.entries(read.config.servers).map(async ([name, server]) =>
      "url" in server
        ? {
            status: {
              name,
              kind: "remote",
              status: "disabled",
              tools: [],
              error: REMOTE_DISABLED,
            } as McpServerStatus,
            tools: {},
          }
        : connectStdio(bridge, name, server, ctx, timeoutMs),
    ),
  );
  const clients = results.flatMap((r) => ("client" in r && r.client ? [r.client] : []));
  let closed: Promise<void> | undefined;
  return {
    status: { configured: true, servers: results.map((r) => r.status) },
    tools: Object.assign({}, ...results.map((r) => r.tools)),
    close: () => {
      closed ??= Promise.all(clients.map((c) => c.close().catch(() => {}))).then(() => {});
      return closed;
    },
  };
}
