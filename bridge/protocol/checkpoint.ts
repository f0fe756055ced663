import { z } from "zod";

// Checkpoints: snapshots of the workspace's files kept in a git dir of the bridge's own, outside
// the workspace, so the person's repository (history, index, stash, HEAD) is never touched.

/** A checkpoint's name (the web app uses one per turn and side: `<turn>-before`, `<turn>-after`). */
export const CheckpointName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "a checkpoint name is letters, digits, '-' and '_'");

/** Git calls of one op give up after this long; the client's own timeout follows it. */
const TimeoutMs = z.number().int().min(1000).max(600_000).default(120_000);

export const CheckpointCreateParams = z.object({
  name: CheckpointName,
  /** Refuse (ETOOLARGE) rather than copy a workspace bigger than this. */
  maxFiles: z.number().int().min(1).max(1_000_000).default(50_000),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(16 * 1024 ** 3)
    .default(512 * 1024 ** 2),
  timeoutMs: TimeoutMs,
});
export const CheckpointCreateResult = z.object({
  name: z.string(),
  commit: z.string(),
  /** The captured tree: equal trees mean no file changed between two checkpoints. */
  tree: z.string(),
  files: z.number(),
  bytes: z.number(),
});

const Pair = { before: CheckpointName, after: CheckpointName, timeoutMs: TimeoutMs };

/** What the turn between `before` and `after` did to a file; a conflict was changed again since. */
export const CheckpointChange = z.object({
  path: z.string(),
  status: z.enum(["added", "modified", "deleted"]),
  conflict: z.boolean(),
});
export const CheckpointDiffParams = z.object(Pair);
export const CheckpointDiffResult = z.object({
  changes: z.array(CheckpointChange),
  conflicts: z.array(z.string()),
});

/** Puts the files the turn changed back as they were in `before`; conflicts only with `force`. */
export const CheckpointRestoreParams = z.object({ ...Pair, force: z.boolean().default(false) });
export const CheckpointRestoreResult = z.object({
  restored: z.array(z.string()),
  /** Files left as they are (changed after the turn); empty when forced. */
  conflicts: z.array(z.string()),
});

export const CheckpointPruneParams = z.object({ keep: z.number().int().min(0).max(100_000).default(200) });
export const CheckpointPruneResult = z.object({ kept: z.number(), deleted: z.array(z.string()) });
