// Connects the servers a workspace declares, for one chat turn (or one panel look): stdio servers
// start in the container through the bridge; remote ones are listed as disabled unless the person
// enabled them for the workspace, and then connect from the web server over streamable HTTP to a
// checked public address only (address.ts, remote-fetch.ts). Every failure
// (bad config, a crash, garbage on stdout, no answer in time) becomes that server's readable
// status; the turn goes on with whatever did connect. close() ends every session.
import { createMCPClient, type MCPClient, MCPClientError } from "@ai-sdk/mcp";
import { type BridgeClient, BridgeError } from "@kalpana/bridge/client";
import type { Tool } from "ai";
import type { McpRemoteServer, McpServerStatus, McpStatus, McpStdioServer } from "../../../contract/mcp";
import { loadedConfig } from "../../config";
import { logger } from "../../log/log";
import type { ToolContext } from "../tools/context";
import { type AddressCheckOptions, checkRemoteUrl } from "./address";
import { BridgeMcpTransport, printable } from "./bridge-transport";
import { readMcpConfig } from "./config";
import { pinnedFetch } from "./remote-fetch";
import { mcpTools } from "./tools";

const log = logger("mcp");

export const REMOTE_DISABLED =
  "Remote MCP servers are not connected: allow remote MCP servers for this workspace to connect it.";

export type McpConnection = { status: McpStatus; tools: Record<string, Tool>; close: () => Promise<void> };

export type McpConnectOptions = {
  /** For initialize and tools/list, each (default 10 s). */
  timeoutMs?: number;
  /** The workspace's opt-in (Workspace.mcpRemote): connect the remote servers from the web server. */
  allowRemote?: boolean;
  /** The address rules' inputs; by default the system resolver, Kalpana's hosts and the env flag. */
  remote?: AddressCheckOptions;
};

const EMPTY: McpConnection = { status: { configured: false, servers: [] }, tools: {}, close: async () => {} };

/** Why a connection failed, in words for the panel; anything unexpected is logged, not shown. */
function failureText(e: unknown, transport: BridgeMcpTransport | undefined, timeoutMs: number): string {
  if (transport?.failure) return transport.failure;
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

/** The address rules' defaults: Kalpana's own hosts (when configured) and the test-only flag. */
function remoteRules(given: AddressCheckOptions = {}): AddressCheckOptions {
  const o = loadedConfig()?.origins;
  return {
    ownHosts: [o?.appHost, o?.workspaceDomain, o?.previewDomain].filter((h): h is string => Boolean(h)),
    allowHttpLocalhost: process.env.KALPANA_MCP_ALLOW_HTTP_LOCALHOST === "1",
    ...given,
  };
}

async function connectRemote(
  name: string,
  server: McpRemoteServer,
  ctx: ToolContext,
  timeoutMs: number,
  rules: AddressCheckOptions,
): Promise<{ status: McpServerStatus; tools: Record<string, Tool>; client?: MCPClient }> {
  const failed = (error: string) => ({
    status: { name, kind: "remote", status: "error", tools: [], error } as McpServerStatus,
    tools: {},
  });
  const target = await checkRemoteUrl(server.url, rules);
  if ("refused" in target) return failed(`refused: ${target.refused}`);
  let client: MCPClient | undefined;
  try {
    client = await createMCPClient({
      transport: { type: "http", url: target.url.href, redirect: "error", fetch: pinnedFetch(target) },
      clientName: "kalpana",
      initializationOptions: { timeout: timeoutMs },
      onUncaughtError: (e) => log.debug({ server: name, err: String(e) }, "mcp client error"),
    });
    const listed = await client.listTools({ options: { timeout: timeoutMs } });
    const set = mcpTools(name, client, listed.tools, ctx);
    const status: McpServerStatus = { name, kind: "remote", status: "connected", tools: set.names };
    if (set.notes.length > 0) status.error = set.notes.slice(0, 5).join("; ");
    return { status, tools: set.tools, client };
  } catch (e) {
    await client?.close().catch(() => {});
    return failed(remoteFailureText(e, timeoutMs));
  }
}

function remoteFailureText(e: unknown, timeoutMs: number): string {
  if (MCPClientError.isInstance(e)) {
    if (/timed out/i.test(e.message))
      return `the server did not answer within ${Math.round(timeoutMs / 1000)} s`;
    const code = (e as { statusCode?: number }).statusCode;
    if (code !== undefined)
      return `the server answered HTTP ${code}${code >= 300 && code < 400 ? " (redirects are not followed)" : ""}`;
    return printable(e.message, 300);
  }
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  const msg = e instanceof Error ? e.message : String(e);
  return `the connection failed: ${printable(String(cause?.code ?? cause?.message ?? msg), 200)}`;
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
        ? opts.allowRemote
          ? connectRemote(name, server, ctx, timeoutMs, remoteRules(opts.remote))
          : {
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
