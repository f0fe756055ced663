import { z } from "zod";
import { WorkspacePath } from "./common";

// A stdio MCP server declared by the workspace (.kalpana/mcp.json) runs HERE, inside the
// container, never on the web server: the bridge holds its pipes and relays JSON-RPC lines.

/**
 * Sessions one connection may hold at once. The web server opens one per declared server (at
 * most 8) for each chat request, and its one connection per workspace serves every thread.
 */
export const MAX_MCP_SESSIONS = 32;
/** One JSON-RPC line, either way. A longer stdout line ends the session (see mcp:exit). */
export const MAX_MCP_LINE_BYTES = 1024 * 1024;
/** The end of stderr kept for the exit event, so a crash is readable in the panel. */
export const MAX_MCP_STDERR_CHARS = 4096;

const Env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(65_536));
const SessionId = z.string().min(1).max(128);

export const McpSpawnParams = z.object({
  command: z.string().min(1).max(4096),
  args: z.array(z.string().max(4096)).max(64).default([]),
  cwd: WorkspacePath.default("."),
  env: Env.default({}),
});
export const McpSpawnResult = z.object({ sessionId: z.string(), pid: z.number() });

/** One JSON-RPC message, written to the server's stdin followed by a newline. */
export const McpSendParams = z.object({
  sessionId: SessionId,
  message: z
    .string()
    .min(1)
    .max(MAX_MCP_LINE_BYTES)
    .refine((s) => !s.includes("\n"), "a message is one line"),
});
export const McpSendResult = z.object({ sent: z.boolean() });

export const McpCloseParams = z.object({ sessionId: SessionId });
export const McpCloseResult = z.object({ closed: z.boolean() });

/** One stdout line of a session (the bridge does not parse it: the web server does). */
export const McpMessageEvent = z.object({
  sessionId: z.string(),
  line: z.string().max(MAX_MCP_LINE_BYTES),
});
/** The session is over: the process exited, was closed, or broke a cap (`error` says which). */
export const McpExitEvent = z.object({
  sessionId: z.string(),
  code: z.number().nullable(),
  signal: z.string().nullable(),
  error: z.string().max(1024).nullable(),
  stderr: z.string().max(MAX_MCP_STDERR_CHARS),
});
