// MCP servers a workspace declares in .kalpana/mcp.json: the file's format (the server validates
// it, the docs describe it) and the status the agent panel shows. See docs/AGENT.md "MCP servers".
import { z } from "zod";

export const MCP_CONFIG_PATH = ".kalpana/mcp.json";
export const MAX_MCP_CONFIG_BYTES = 64 * 1024;
export const MAX_MCP_SERVERS = 8;
/** Tools taken from one server; the rest are left out (and the panel says so). */
export const MAX_MCP_TOOLS_PER_SERVER = 64;
/** Every MCP tool's name starts with this (mcp_<server>_<tool>); approval.ts asks before each call. */
export const MCP_TOOL_PREFIX = "mcp_";

const serverName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a server name is 1-64 letters, digits, _ or -");
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an env name is letters, digits and _");

/** Started inside the workspace container through the bridge, in `cwd` (relative to /workspace). */
export const mcpStdioServerSchema = z.strictObject({
  command: z.string().min(1).max(4096),
  args: z.array(z.string().max(4096)).max(64).default([]),
  env: z.record(envName, z.string().max(65_536)).default({}),
  cwd: z.string().max(4096).default("."),
});
/** A remote (HTTP) server: listed, but only connected once remote MCP is enabled. */
export const mcpRemoteServerSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
});
export const mcpConfigSchema = z.strictObject({
  servers: z
    .record(serverName, z.union([mcpStdioServerSchema, mcpRemoteServerSchema]))
    .refine((s) => Object.keys(s).length <= MAX_MCP_SERVERS, `at most ${MAX_MCP_SERVERS} servers`),
});
export type McpConfig = z.infer<typeof mcpConfigSchema>;
export type McpStdioServer = z.infer<typeof mcpStdioServerSchema>;
export type McpRemoteServer = z.infer<typeof mcpRemoteServerSchema>;

/** PATCH /api/workspaces/:id/mcp: the person's opt-in to the remote servers of this workspace. */
export const mcpSettingsInput = z.strictObject({ allowRemote: z.boolean() });
export type McpSettingsInput = z.infer<typeof mcpSettingsInput>;

export type McpServerStatus = {
  name: string;
  kind: "stdio" | "remote";
  status: "connected" | "error" | "disabled";
  /** The names the agent sees (mcp_<server>_<tool>). */
  tools: string[];
  /** Why it is not connected, or what was left out; written for the person. */
  error?: string;
};
export type McpStatus = {
  /** Whether .kalpana/mcp.json exists. */
  configured: boolean;
  /** The file exists but cannot be used (invalid JSON, a schema error, too large). */
  configError?: string;
  servers: McpServerStatus[];
};
