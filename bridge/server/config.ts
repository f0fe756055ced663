export interface BridgeConfig {
  port: number;
  host: string;
  root: string;
  secretFile: string;
  execMaxTimeoutMs: number;
  rgPath: string;
  gitPath: string;
  /** code-server's unix socket, fronted by server/upstream.ts. */
  ideSocket: string;
  /** Checkpoint store (a bare git dir) on the home volume, so checkpoints survive restarts. */
  checkpointDir: string;
  /** kalpana-env's status file and log (read by env:status). */
  envDir: string;
  /** The image's realiser, run by env:apply (KALPANA_ENV_REALISER). */
  envRealiser: string;
  /**
   * Folder (0700) of the git credential socket and its key, for the image's credential helper;
   * empty: no socket (KALPANA_GIT_CREDENTIAL_DIR, set by the workspace image).
   */
  gitCredentialDir: string;
  /** Folder (0700) of the editor extension's socket and key (KALPANA_EDITOR_DIR); empty: none. */
  editorDir: string;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

/** All settings come from the environment the images engineer sets on the container. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  return {
    port: int(env.KALPANA_BRIDGE_PORT, 3001, "KALPANA_BRIDGE_PORT"),
    host: env.KALPANA_BRIDGE_HOST || "0.0.0.0",
    root: env.KALPANA_WORKSPACE_ROOT || "/workspace",
    secretFile: env.KALPANA_BRIDGE_SECRET_FILE || "/etc/kalpana/bridge.secret",
    execMaxTimeoutMs: int(env.KALPANA_EXEC_MAX_TIMEOUT_MS, 600_000, "KALPANA_EXEC_MAX_TIMEOUT_MS"),
    rgPath: env.KALPANA_RG_PATH || "rg",
    gitPath: env.KALPANA_GIT_PATH || "git",
    ideSocket: env.KALPANA_IDE_SOCKET || "/tmp/kalpana-ide/ide.sock",
    checkpointDir: env.KALPANA_CHECKPOINT_DIR || "/home/coder/.kalpana/checkpoints.git",
    envDir: env.KALPANA_ENV_DIR || "/home/coder/.kalpana",
    envRealiser: env.KALPANA_ENV_REALISER || "/opt/kalpana/kalpana-env.mjs",
    gitCredentialDir: env.KALPANA_GIT_CREDENTIAL_DIR || "",
    editorDir: env.KALPANA_EDITOR_DIR || "",
  };
}
