import { z } from "zod";
import { WorkspacePath } from "./common";

export const StreamName = z.enum(["stdout", "stderr"]);
export const OutputChunk = z.object({ stream: StreamName, data: z.string() });
export type OutputChunk = z.infer<typeof OutputChunk>;

/** A command's output as one string; with `stream`, only that stream. */
export function outputText(chunks: readonly OutputChunk[], stream?: z.infer<typeof StreamName>): string {
  return chunks
    .filter((c) => !stream || c.stream === stream)
    .map((c) => c.data)
    .join("");
}

const Env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(65_536));

export const ExecRunParams = z.object({
  command: z
    .string()
    .min(1)
    .max(1024 * 1024),
  cwd: WorkspacePath.default("."),
  env: Env.default({}),
  stdin: z.string().optional(),
  /** Clamped to KALPANA_EXEC_MAX_TIMEOUT_MS. */
  timeoutMs: z.number().int().min(1).default(120_000),
  maxOutputBytes: z
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
});
/**
 * How a command ended is always data, never an error: a timeout or a cancel still returns the
 * output produced so far, with `timedOut` / `cancelled` set and exitCode null.
 */
export const ExecRunResult = z.object({
  execId: z.string(),
  pid: z.number(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  cancelled: z.boolean(),
  durationMs: z.number(),
  output: z.array(OutputChunk),
  truncated: z.boolean(),
  /** Seq of the last exec:chunk event emitted for this command (-1 when none). */
  lastSeq: z.number(),
});

export const ExecChunkEvent = z.object({
  execId: z.string(),
  seq: z.number(),
  stream: StreamName,
  data: z.string(),
});

export const ExecCancelParams = z.object({ execId: z.string().min(1).max(128) });
export const ExecCancelResult = z.object({ cancelled: z.boolean() });

export const ExecStartParams = ExecRunParams.omit({ timeoutMs: true, maxOutputBytes: true }).extend({
  /** Background jobs have no timeout unless one is given. */
  timeoutMs: z.number().int().min(1).optional(),
  bufferBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
});
export const JobInfo = z.object({
  jobId: z.string(),
  pid: z.number(),
  command: z.string(),
  running: z.boolean(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  startedAt: z.number(),
  durationMs: z.number(),
  /** Total characters of output ever produced; pass it back as `offset` to read only newer output. */
  outputLength: z.number(),
});
export const ExecStartResult = z.object({ jobId: z.string(), pid: z.number() });

export const ExecReadParams = z.object({
  jobId: z.string().min(1).max(128),
  offset: z.number().int().min(0).default(0),
});
export const ExecReadResult = JobInfo.extend({
  output: z.array(OutputChunk),
  nextOffset: z.number(),
  /** Characters between `offset` and the oldest output still in the ring buffer. */
  dropped: z.number(),
});

export const ExecWaitParams = z.object({
  jobId: z.string().min(1).max(128),
  timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
});
export const ExecKillParams = z.object({
  jobId: z.string().min(1).max(128),
  signal: z.enum(["SIGTERM", "SIGKILL", "SIGINT", "SIGHUP"]).default("SIGTERM"),
});
export const ExecListParams = z.object({});
export const ExecListResult = z.object({ jobs: z.array(JobInfo) });
