import type { OpContext } from "../context";
import { BridgeError } from "../errors";
import { commandEnv } from "../exec/shell";
import { ByteCap } from "../spawn/byte-cap";
import { type ProcessExit, runProcess } from "../spawn/run-process";
import { type Creds, gitEnv } from "./args";
import { classifyGitError } from "./classify";
import { assertNoRedirects, neutralise, parseConfigKeys } from "./repo-config";

export interface GitRun {
  cwd: string;
  creds?: Creds;
  stdin?: string;
  timeoutMs?: number;
  /** Cap on collected stdout; the rest is dropped and `truncated` set. */
  maxBytes?: number;
  /** Return failures as a result instead of throwing (for "no commits yet" style checks). */
  allowFail?: boolean;
  onStderr?: (text: string) => void;
  /** Extra variables for this child (checkpoints point GIT_DIR/GIT_WORK_TREE elsewhere). */
  env?: Record<string, string>;
  /**
   * The repository's config keys, when the caller read them already (repoConfigKeys): a checkpoint
   * op's five git calls share one read instead of spawning a `git config` before each.
   */
  configKeys?: string[];
}
export interface GitOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
}

/**
 * A git child inherits no GIT_* variable from the bridge: GIT_EXTERNAL_DIFF, GIT_SSH,
 * GIT_PROXY_COMMAND, GIT_CONFIG_PARAMETERS/COUNT run or configure programs, GIT_TEMPLATE_DIR
 * plants hooks in a new clone, GIT_DIR & co. point git elsewhere. Only gitEnv and the call's
 * own `env` (checkpoints set GIT_DIR/GIT_WORK_TREE) are passed.
 */
function childEnv(ctx: OpContext, o: GitRun): NodeJS.ProcessEnv {
  const env = commandEnv({});
  for (const k of Object.keys(env)) if (k.startsWith("GIT_")) delete env[k];
  return { ...env, ...gitEnv(ctx.askpassPath, o.creds), ...o.env };
}

/** The repository's effective config keys (includes followed); [] outside a repository. */
export async function repoConfigKeys(ctx: OpContext, o: Pick<GitRun, "cwd" | "env">): Promise<string[]> {
  const r = await spawnGit(ctx, ["config", "--list", "--includes", "-z"], {
    cwd: o.cwd,
    env: o.env,
    allowFail: true,
    timeoutMs: 15_000,
  });
  return r.code === 0 ? parseConfigKeys(r.stdout) : [];
}

/**
 * Run git (never through a shell) with the per-call environment, a timeout and abort on
 * disconnect, after neutralising every program the repository's config names (repo-config.ts).
 * With credentials, a config that could redirect the connection makes the call refuse.
 */
export async function runGit(ctx: OpContext, args: string[], o: GitRun): Promise<GitOutput> {
  const keys = o.configKeys ?? (await repoConfigKeys(ctx, o));
  if (o.creds) assertNoRedirects(keys);
  return spawnGit(ctx, [...neutralise(keys), ...args], o);
}

async function spawnGit(ctx: OpContext, args: string[], o: GitRun): Promise<GitOutput> {
  const stdout = new ByteCap(o.maxBytes ?? 32 * 1024 * 1024);
  let out = "";
  let stderr = "";
  const secrets = [o.creds?.password];
  let exit: ProcessExit;
  try {
    exit = await runProcess(ctx, {
      file: ctx.gitPath,
      args,
      cwd: o.cwd,
      env: childEnv(ctx, o),
      stdin: o.stdin,
      timeoutMs: o.timeoutMs ?? 60_000,
      // Hooks, helpers and anything they started go with git: at once, and also after it exits.
      graceMs: 0,
      killLeftovers: true,
      onOutput: (stream, text) => {
        if (stream === "stdout") out += stdout.take(text);
        else {
          if (stderr.length < 256 * 1024) stderr += text;
          o.onStderr?.(text);
        }
      },
    }).exit;
  } catch (e) {
    throw classifyGitError(e, "", secrets);
  }
  if (exit.stopped === "timeout") {
    throw new BridgeError(
      "ETIMEOUT",
      `git ${args.find((a) => !a.startsWith("-") && !a.includes("="))} timed out`,
    );
  }
  if (exit.stopped) throw new BridgeError("ECANCELLED", "git was cancelled: the client went away");
  if (exit.code !== 0 && !o.allowFail) throw classifyGitError(null, `${stderr}\n${out}`, secrets);
  return { code: exit.code, stdout: out, stderr, truncated: stdout.truncated };
}
