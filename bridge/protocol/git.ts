import { z } from "zod";
import { GitCredentials, WorkspacePath } from "./common";

const Repo = { cwd: WorkspacePath.default(".") };
// A leading "-" would turn a ref or remote into an option of the git command line.
const RefName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^-\s~^:?*[\\][^\s~^:?*[\\]*$/, "not a valid git ref name");
/** A revision for log/checkout/start points (`HEAD~2`, a hash, `main`): any spelling git takes, no option. */
const Revision = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^-\s\0][^\s\0]*$/, "not a valid git revision");
const Remote = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._/-]+$/)
  .refine((s) => !s.startsWith("-"));

export const GitStatusParams = z.object(Repo);
export const GitFileStatus = z.object({
  path: z.string(),
  origPath: z.string().optional(),
  index: z.string(),
  worktree: z.string(),
  kind: z.enum(["changed", "renamed", "unmerged", "untracked", "ignored"]),
});
export const GitStatusResult = z.object({
  branch: z.string().nullable(),
  commit: z.string().nullable(),
  upstream: z.string().nullable(),
  ahead: z.number(),
  behind: z.number(),
  files: z.array(GitFileStatus),
});

export const GitDiffParams = z.object({
  ...Repo,
  staged: z.boolean().default(false),
  path: WorkspacePath.optional(),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(8 * 1024 * 1024)
    .default(512 * 1024),
});
export const GitDiffResult = z.object({ diff: z.string(), truncated: z.boolean() });

export const GitLogParams = z.object({
  ...Repo,
  n: z.number().int().min(1).max(1000).default(20),
  ref: Revision.optional(),
  path: WorkspacePath.optional(),
});
export const GitCommitInfo = z.object({
  hash: z.string(),
  parents: z.array(z.string()),
  authorName: z.string(),
  authorEmail: z.string(),
  date: z.string(),
  subject: z.string(),
});
export const GitLogResult = z.object({ commits: z.array(GitCommitInfo) });

export const GitBranchParams = z.discriminatedUnion("action", [
  z.object({ ...Repo, action: z.literal("list") }),
  z.object({ ...Repo, action: z.literal("create"), name: RefName, startPoint: Revision.optional() }),
]);
export const GitBranchResult = z.object({
  current: z.string().nullable(),
  branches: z.array(z.object({ name: z.string(), current: z.boolean(), commit: z.string() })),
});

/** With `create` the ref is the new branch's name; otherwise a branch or any revision (detached). */
export const GitCheckoutParams = z.object({ ...Repo, ref: Revision, create: z.boolean().default(false) });
export const GitCheckoutResult = z.object({ branch: z.string().nullable(), commit: z.string().nullable() });

const Person = z.object({
  name: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[^<>\n\r\0]+$/),
  email: z
    .string()
    .min(3)
    .max(256)
    .regex(/^[^<>\s\0]+$/),
});
export const GitCommitParams = z.object({
  ...Repo,
  message: z
    .string()
    .min(1)
    .max(1024 * 1024),
  author: Person,
  /** Stage everything (`git add -A`) before committing. */
  all: z.boolean().default(false),
  /** Stage these paths before committing. */
  paths: z.array(WorkspacePath).max(10_000).default([]),
  allowEmpty: z.boolean().default(false),
  runHooks: z.boolean().default(false),
});
export const GitCommitResult = z.object({
  commit: z.string(),
  branch: z.string().nullable(),
  summary: z.string(),
});

const GitUrl = z
  .string()
  .min(1)
  .max(4096)
  .refine((u) => !u.startsWith("-"), "url must not start with '-'");
const Network = {
  ...Repo,
  credentials: GitCredentials.optional(),
  timeoutMs: z.number().int().min(1000).max(3_600_000).default(600_000),
};
export const GitPushParams = z.object({
  ...Network,
  remote: Remote.default("origin"),
  /**
   * Push to exactly this URL (the caller resolved and checked it with git:remote). With
   * credentials and no url, the bridge pushes to the remote's resolved push URL explicitly.
   */
  url: GitUrl.optional(),
  branch: RefName.optional(),
  setUpstream: z.boolean().default(false),
  forceWithLease: z.boolean().default(false),
  runHooks: z.boolean().default(false),
});
export const GitPushResult = z.object({
  remote: z.string(),
  branch: z.string().nullable(),
  output: z.string(),
});

export const GitFetchParams = z.object({
  ...Network,
  remote: Remote.default("origin"),
  url: GitUrl.optional(),
  prune: z.boolean().default(false),
});
export const GitFetchResult = z.object({ remote: z.string(), output: z.string() });

export const GitCloneParams = z.object({
  url: GitUrl,
  /** Destination relative to the root; must be missing or an empty folder. */
  path: WorkspacePath.default("."),
  branch: RefName.optional(),
  depth: z.number().int().min(1).optional(),
  credentials: GitCredentials.optional(),
  timeoutMs: Network.timeoutMs,
});
export const GitCloneResult = z.object({
  path: z.string(),
  branch: z.string().nullable(),
  commit: z.string().nullable(),
});

/** The URL git would really use for a remote: insteadOf / pushInsteadOf / pushurl applied. */
export const GitRemoteUrlParams = z.object({
  ...Repo,
  remote: Remote.default("origin"),
  push: z.boolean().default(false),
});
export const GitRemoteUrlResult = z.object({ remote: z.string(), url: z.string() });

export const GitProgressEvent = z.object({
  opId: z.string(),
  phase: z.string(),
  /** Percent of the current phase. */
  percent: z.number(),
  /** Rough percent of the whole clone/fetch (receiving objects weighs most). */
  overall: z.number(),
});
