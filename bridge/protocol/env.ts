import { z } from "zod";

// The Nix environment's progress (kalpana-env in the image writes a status file and a log, see
// images/constants.ts EnvStatus): provisioning polls it through this op instead of a shell command.
export const EnvState = z.enum(["pending", "realising", "ready", "error", "none"]);
export const MAX_ENV_MESSAGE = 64 * 1024;
export const EnvStatus = z.object({
  state: EnvState,
  message: z.string().max(MAX_ENV_MESSAGE),
  hash: z.string().max(256).nullable(),
  /** 0 until kalpana-env started this run (the control plane writes a "pending" marker). */
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type EnvStatus = z.infer<typeof EnvStatus>;

export const EnvStatusParams = z.object({
  /** Byte offset in the log to read from (what the caller has already seen). */
  logOffset: z.number().int().min(0).default(0),
  maxLogBytes: z
    .number()
    .int()
    .min(1)
    .max(1024 * 1024)
    .default(256 * 1024),
});
export const EnvStatusResult = z.object({
  /** Null while there is no readable status (not written yet, or not valid). */
  status: EnvStatus.nullable(),
  /** The log's new text from logOffset on (whole lines when it had to be cut). */
  log: z.string(),
  /** Where the next call continues. */
  logOffset: z.number().int().min(0),
});

/** kalpana-env's own cap on a Nix configuration (images/workspace/rootfs/opt/kalpana/kalpana-env.mjs). */
export const MAX_NIX_CONFIG = 64 * 1024;
export const NixConfigKind = z.enum(["flake", "shell"]);

/**
 * Replaces the workspace's Nix configuration (flake.nix or shell.nix) and realises it now, while the
 * workspace runs: new terminals and commands load the new environment (env-loader.sh follows the hash).
 * When realising fails, the previous configuration and environment are put back as they were.
 */
export const EnvApplyParams = z.object({
  kind: NixConfigKind,
  content: z.string().min(1).max(MAX_NIX_CONFIG),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(30 * 60_000)
    .default(10 * 60_000),
});
export const EnvApplyResult = z.object({
  /** kalpana-env's status after the run ("ready" or "error"; null if it wrote none). */
  status: EnvStatus.nullable(),
  /** The end of this run's log (Nix's own output), for the person or the model to read. */
  log: z.string(),
  /** True when the run failed and the previous configuration and environment were restored. */
  restored: z.boolean(),
  timedOut: z.boolean(),
});
