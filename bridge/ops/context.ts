import type { spawn } from "node:child_process";
import type * as fsp from "node:fs/promises";
import type { EditorCommand, EditorContext } from "../protocol/index";
import type { JobTable } from "./exec/jobs";
import type { McpSessions } from "./mcp/sessions";

/** What every op gets: the real workspace root and the outside world, injectable for tests. */
export interface OpContext {
  /** Realpath of the workspace root, resolved once at startup. */
  root: string;
  fs: typeof fsp;
  spawn: typeof spawn;
  /** Upper bound for exec timeouts (KALPANA_EXEC_MAX_TIMEOUT_MS). */
  execMaxTimeoutMs: number;
  /** The bridge's own port (left out of ports:list). */
  bridgePort?: number;
  rgPath: string;
  gitPath: string;
  /** Static askpass script written at startup; it reads credentials from its own env only. */
  askpassPath: string;
  /** The checkpoint store: a git dir of the bridge's own, outside the workspace (KALPANA_CHECKPOINT_DIR). */
  checkpointDir?: string;
  /** Where kalpana-env writes env-status.json and env.log (default /home/coder/.kalpana). */
  envDir?: string;
  /** kalpana-env, run by env:apply (default /opt/kalpana/kalpana-env.mjs; tests pass a stand-in). */
  envRealiser?: string;
  /** The variables file env-loader.sh sources (default /run/kalpana/env-vars.sh, a tmpfs). */
  varsFile?: string;
  /** Push an event to the connection that made the request (exec chunks, clone progress). */
  emit: (event: string, payload: unknown) => void;
  /** Aborted when the requesting connection goes away. */
  signal: AbortSignal;
  /** This connection's running foreground commands: execId -> cancel. */
  execs: Map<string, () => void>;
  /** This connection's stdio MCP servers; they end with the connection. */
  mcp: McpSessions;
  /** Background jobs, shared by all connections (they outlive a disconnect on purpose). */
  jobs: JobTable;
  /** The image's VS Code extension (server/editor-relay.ts); absent: no editor socket. */
  editor?: { latest(): EditorContext | null; send(command: EditorCommand): Promise<boolean> };
}
