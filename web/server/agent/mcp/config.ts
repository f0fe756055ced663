// Reads and validates .kalpana/mcp.json through the bridge. The file is the repository's: every
// problem becomes a readable sentence for the panel, never an exception out of a chat turn.
import { type BridgeClient, BridgeError } from "@kalpana/bridge/client";
import {
  MAX_MCP_CONFIG_BYTES,
  MCP_CONFIG_PATH,
  type McpConfig,
  mcpConfigSchema,
} from "../../../contract/mcp";

export type McpConfigRead =
  | { configured: false }
  | { configured: true; error: string }
  | { configured: true; config: McpConfig };

export function parseMcpConfig(text: string): { config: McpConfig } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { error: `${MCP_CONFIG_PATH} is not valid JSON (${(e as Error).message.slice(0, 200)})` };
  }
  const r = mcpConfigSchema.safeParse(json);
  if (r.success) return { config: r.data };
  const issues = r.error.issues
    .slice(0, 3)
    .map((i) => {
      const where = i.path.map(String).join(".") || "(top level)";
      // zod's own words for a bad record key say nothing about the rule.
      return `${where}: ${i.code === "invalid_key" ? "a server name is 1-64 letters, digits, _ or -" : i.message}`;
    })
    .join("; ");
  return { error: `${MCP_CONFIG_PATH}: ${issues}` };
}

export async function readMcpConfig(bridge: BridgeClient): Promise<McpConfigRead> {
  let text: string;
  try {
    text = (await bridge.fs.read({ path: MCP_CONFIG_PATH, maxBytes: MAX_MCP_CONFIG_BYTES })).content;
  } catch (e) {
    if (e instanceof BridgeError && e.code === "ENOENT") return { configured: false };
    if (e instanceof BridgeError && e.code === "ETOOLARGE")
      return {
        configured: true,
        error: `${MCP_CONFIG_PATH} is larger than ${MAX_MCP_CONFIG_BYTES / 1024} KiB`,
      };
    if (e instanceof BridgeError)
      return { configured: true, error: `${MCP_CONFIG_PATH}: ${e.code}: ${e.message}` };
    throw e;
  }
  const parsed = parseMcpConfig(text);
  return "error" in parsed ? { configured: true, ...parsed } : { configured: true, config: parsed.config };
}
