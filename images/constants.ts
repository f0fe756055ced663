// The workspace image's contract with the control plane (web/server/runtime). Everything
// the runtime needs to create, feed and watch a workspace container is named here.

export const DEBIAN_BASE_IMAGE = "debian:bookworm-slim";
export const BASE_REPO = "kalpana/base";
export const WORKSPACE_REPO = "kalpana/workspace";

/**
 * The one container-side port: the bridge. Publish it to 127.0.0.1 with a Docker-assigned host port.
 * code-server is on a unix socket behind the bridge; reach it with the headers of ideHeaders().
 */
export const WORKSPACE_PORTS = { bridge: 3001 } as const;

/** The image runs as this uid; volumes and putArchive'd files must belong to it. */
export const WORKSPACE_UID = 1000;

/** Mount a named volume on each (one set per workspace): they survive stop/start. */
export const WORKSPACE_VOLUMES = { workspace: "/workspace", home: "/home/coder", nix: "/nix" } as const;

export const WORKSPACE_PATHS = {
  /** putArchive the per-workspace bridge secret here (mode 0600, uid 1000) BEFORE start. */
  bridgeSecret: "/etc/kalpana/bridge.secret",
  /** putArchive flake.nix (+flake.lock) or shell.nix/default.nix into this folder BEFORE start. */
  nixEnvDir: "/home/coder/.kalpana/env",
  /** JSON, see EnvStatus; read it through the bridge's exec. */
  nixEnvStatus: "/home/coder/.kalpana/env-status.json",
  /** Nix's own output for the last realisation (stream it to the browser). */
  nixEnvLog: "/home/coder/.kalpana/env.log",
  /** Re-realise after changing nixEnvDir: `kalpana-env --force` (or plain to reuse the cache). */
  realiseCommand: "/usr/local/bin/kalpana-env",
} as const;

/** Environment variables the container understands (never put secrets in env). */
export const WORKSPACE_ENV = {
  /** e.g. `/w/<id>/ide`: passed to code-server as --abs-proxy-base-path. */
  ideBasePath: "KALPANA_IDE_BASE_PATH",
  /** "1": realise against the offline stub nixpkgs (tests only). Implies offline. */
  nixStub: "KALPANA_NIX_STUB",
  /** "1": no substituters, local flake registry (machines without a binary cache). */
  nixOffline: "KALPANA_NIX_OFFLINE",
  /** Seconds the entrypoint waits for the volume lock another container holds (default 30); then exit 75. */
  volumeLockWait: "KALPANA_VOLUME_LOCK_WAIT",
} as const;

/** Exit status of a container that found its workspace's volumes in use by another one (entrypoint.sh). */
export const VOLUMES_IN_USE_EXIT = 75;

export type EnvState = "realising" | "ready" | "error" | "none";

/** Contents of WORKSPACE_PATHS.nixEnvStatus. Times are epoch milliseconds. */
export interface EnvStatus {
  state: EnvState;
  message: string;
  hash: string | null;
  startedAt: number;
  finishedAt: number | null;
}

/** Largest Nix configuration (all files in nixEnvDir) the image accepts. */
export const MAX_NIX_CONFIG_BYTES = 64 * 1024;
