import type { OpContext } from "../context";
import { OpError } from "../errors";
import { commandEnv } from "../exec/process-group";
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
async function repoConfigKeys(ctx: OpContext, o: GitRun): Promise<string[]> {
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
  const keys = await repoConfigKeys(ctx, o);
  if (o.creds) assertNoRedirects(keys);
  return spawnGit(ctx, [...neutralise(keys), ...args], o);
}

function spawnGit(ctx: OpContext, args: string[], o: GitRun): Promise<GitOutput> {
  const child = ctx.spawn(ctx.gitPath, args, {
    cwd: o.cwd,
    env: childEnv(ctx, o),
    stdio: [o.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  const max = o.maxBytes ?? 32 * 1024 * 1024;
  const out: Buffer[] = [];
  let outBytes = 0;
  let truncated = false;
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => {
    if (outBytes >= max) {
      truncated = true;
      return;
    }
    const part = b.subarray(0, max - outBytes);
    if (part.length < b.length) truncated = true;
    out.push(part);
    outBytes += part.length;
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (t: string) => {
    if (stderr.length < 256 * 1024) stderr += t;
    o.onStderr?.(t);
  });
  if (o.stdin !== undefined) {
    child.stdin!.on("error", () => {});
    child.stdin!.end(o.stdin);
  }
  let stopped: "ETIMEOUT" | "ECANCELLED" | undefined;
  const stop = (why: "ETIMEOUT" | "ECANCELLED") => {
    stopped ??= why;
    child.kill("SIGKILL");
  };
  const timer = setTimeout(() => stop("ETIMEOUT"), o.timeoutMs ?? 60_000);
  const onAbort = () => stop("ECANCELLED");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  const secrets = [o.creds?.password];
  return new Promise<GitOutput>((resolve, reject) => {
    child.on("error", (e) => reject(classifyGitError(e, "", secrets)));
    child.on("close", (code) => {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      const stdout = Buffer.concat(out).toString("utf8");
      if (stopped === "ETIMEOUT")
        return reject(
          new OpError(
            "ETIMEOUT",
            `git ${args.find((a) => !a.startsWith("-") && !a.includes("="))} timed out`,
          ),
        );
      if (stopped) return reject(new OpError("ECANCELLED", "git was cancelled: the client went away"));
      if (code !== 0 && !o.allowFail) return reject(classifyGitError(null, `${stderr}\n${stdout}`, secrets));
      resolve({ code, stdout, stderr, truncated });
    });
  });
}
