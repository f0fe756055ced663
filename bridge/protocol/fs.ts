import { z } from "zod";
import { WorkspacePath } from "./common";

const Encoding = z.enum(["utf8", "base64"]);
export const EntryType = z.enum(["file", "dir", "symlink", "other"]);

export const FsReadParams = z.object({
  path: WorkspacePath,
  encoding: Encoding.default("utf8"),
  /** Byte range (0-based offset). */
  offset: z.number().int().min(0).optional(),
  length: z.number().int().min(0).optional(),
  /** Line range, 1-based and inclusive; cannot be combined with a byte range. */
  startLine: z.number().int().min(1).optional(),
  endLine: z.number().int().min(1).optional(),
  /** Refuse (ETOOLARGE) when the selected content is larger than this. */
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
});
export const FsReadResult = z.object({
  path: z.string(),
  content: z.string(),
  encoding: Encoding,
  size: z.number(),
  mtimeMs: z.number(),
  /** Set for line reads: the last line returned and whether the file goes on. */
  endLine: z.number().optional(),
  hasMore: z.boolean().optional(),
});

export const FsWriteParams = z.object({
  path: WorkspacePath,
  content: z.string(),
  encoding: Encoding.default("utf8"),
  createParents: z.boolean().default(true),
  overwrite: z.boolean().default(true),
});
export const FsWriteResult = z.object({ path: z.string(), bytes: z.number() });

export const FsEditParams = z.object({
  path: WorkspacePath,
  oldString: z.string().min(1),
  newString: z.string(),
  /** Without it the old string must occur exactly once. */
  expectedReplacements: z.number().int().min(1).optional(),
});
export const FsEditResult = z.object({ path: z.string(), replacements: z.number(), diff: z.string() });

export const FsEntry = z.object({
  name: z.string(),
  path: z.string(),
  type: EntryType,
  size: z.number(),
  mtimeMs: z.number(),
});
export const FsListParams = z.object({
  path: WorkspacePath.default("."),
  includeIgnored: z.boolean().default(false),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export const FsListResult = z.object({ path: z.string(), entries: z.array(FsEntry), truncated: z.boolean() });

export const FsTreeParams = z.object({
  path: WorkspacePath.default("."),
  depth: z.number().int().min(1).max(20).default(3),
  includeIgnored: z.boolean().default(false),
  limit: z.number().int().min(1).max(20_000).default(2000),
});
export const FsTreeEntry = z.object({ path: z.string(), type: EntryType, depth: z.number() });
export const FsTreeResult = z.object({
  path: z.string(),
  entries: z.array(FsTreeEntry),
  truncated: z.boolean(),
});

export const FsStatParams = z.object({ path: WorkspacePath });
export const FsStatResult = z.object({
  path: z.string(),
  type: EntryType,
  size: z.number(),
  mtimeMs: z.number(),
  mode: z.number(),
});

export const FsMoveParams = z.object({
  from: WorkspacePath,
  to: WorkspacePath,
  overwrite: z.boolean().default(false),
  createParents: z.boolean().default(true),
});
export const FsMoveResult = z.object({ from: z.string(), to: z.string() });

export const FsDeleteParams = z.object({ path: WorkspacePath, recursive: z.boolean().default(false) });
export const FsDeleteResult = z.object({ path: z.string() });
