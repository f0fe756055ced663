import path from "node:path";
import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { baseConfig } from "../git/args";
import { type GitRun, repoConfigKeys, runGit } from "../git/run-git";

// The checkpoint store: a bare git dir outside the workspace (a volume, so it survives restarts)
// with its OWN index file, used with GIT_WORK_TREE=<workspace>. The person's .git is never read
// or written: not its objects, index, refs, stash or config. git itself skips every `.git` entry
// of the work tree and honours the workspace's .gitignore files, with or without a repository.

export const REF_PREFIX = "refs/kalpana/checkpoints/";
export const ZERO = "0000000000000000000000000000000000000000";

/** `-c` options for every checkpoint call: the usual hardening plus no fsmonitor, no auto-gc. */
export const cpConfig = () => [
  ...baseConfig(),
  "-c",
  "core.bare=false",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "gc.auto=0",
  "-c",
  "core.autocrlf=false",
  "-c",
  "core.untrackedCache=true",
];

/**
 * Environment of a checkpoint git child. Global and system config are off so no program or
 * filter configured outside our own git dir (e.g. in ~/.gitconfig) ever runs on the person's files.
 */
export function cpEnv(ctx: { root: string; dir: string }): Record<string, string> {
  const who = { name: "Kalpana checkpoints", email: "checkpoints@kalpana.invalid" };
  return {
    GIT_DIR: ctx.dir,
    GIT_WORK_TREE: ctx.root,
    GIT_INDEX_FILE: path.join(ctx.dir, "kalpana-index"),
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
  };
}

export type CpRun = (
  args: string[],
  o?: Omit<GitRun, "cwd" | "env" | "configKeys">,
) => ReturnType<typeof runGit>;

// One op at a time per store: they share one index file, and git's index.lock would fail the second.
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` with the store initialised and locked; `cp` runs git against the store. */
export async function withStore<T>(
  ctx: OpContext,
  timeoutMs: number,
  fn: (cp: CpRun) => Promise<T>,
): Promise<T> {
  const dir = ctx.checkpointDir;
  if (!dir) throw new BridgeError("EINTERNAL", "checkpoints are not configured on this bridge");
  const env = cpEnv({ root: ctx.root, dir });
  const prev = queues.get(dir) ?? Promise.resolve();
  const run = prev
    .catch(() => {})
    .then(async () => {
      await ensureStore(ctx, dir);
      // The store's config is read once per op, not before each git call (that was half of a
      // checkpoint's processes, the heaviest work of a busy bridge). Reading it per call never
      // closed the race with a process rewriting it in between either: what holds is that these
      // children carry no credentials, so a program they were made to run gains nothing the
      // workspace's own processes lack (docs/SECURITY.md, checkpoints).
      const configKeys = await repoConfigKeys(ctx, { cwd: ctx.root, env });
      const cp: CpRun = (args, o = {}) =>
        runGit(ctx, [...cpConfig(), ...args], { timeoutMs, ...o, cwd: ctx.root, env, configKeys });
      return fn(cp);
    });
  queues.set(dir, run);
  try {
    return await run;
  } finally {
    if (queues.get(dir) === run) queues.delete(dir);
  }
}

async function ensureStore(ctx: OpContext, dir: string): Promise<void> {
  const ok = await ctx.fs.stat(path.join(dir, "HEAD")).then(
    () => true,
    () => false,
  );
  if (ok) return;
  await ctx.fs.mkdir(path.dirname(dir), { recursive: true });
  // Plain env here: git init refuses GIT_WORK_TREE, and the store's config is what init writes.
  await runGit(ctx, [...baseConfig(), "init", "-q", "--bare", dir], { cwd: path.dirname(dir) });
}

/** The commit a checkpoint name points to, or ENOENT. */
export async function resolveCheckpoint(cp: CpRun, name: string): Promise<string> {
  const r = await cp(["rev-parse", "-q", "--verify", `${REF_PREFIX}${name}^{commit}`], { allowFail: true });
  const sha = r.stdout.trim();
  if (r.code !== 0 || !sha) throw new BridgeError("ENOENT", `checkpoint ${name} does not exist (pruned?)`);
  return sha;
}
