// env:apply: the agent (or a person, through the control plane) replaces the Nix configuration of a
// RUNNING workspace and realises it at once with the image's own kalpana-env, the same program the
// entrypoint runs at start. Terminals and commands started afterwards load the new env.sh
// (env-loader.sh follows env.hash). A failed realisation must not leave the person without tools:
// kalpana-env clears env.sh on failure, so the previous configuration and its outputs are put back.
import path from "node:path";
import type { ParsedParams, Result } from "../../protocol/index";
import type { OpContext } from "../context";
import { runProcess } from "../spawn/run-process";
import { DEFAULT_ENV_DIR, readEnvStatus } from "./env-status";

/** The configuration files kalpana-env reads from <envDir>/env (any of them makes the kind). */
const CONFIG_FILES = ["flake.nix", "flake.lock", "shell.nix", "default.nix"];
/** kalpana-env's outputs next to the folder (see kalpana-env.mjs OUT). */
const OUTPUTS = ["env.sh", "env.hash", "env-status.json", "env-error.txt"];
const LOG_TAIL = 16 * 1024;

type Saved = Map<string, Buffer | null>;

async function save(ctx: OpContext, files: string[]): Promise<Saved> {
  const saved: Saved = new Map();
  for (const f of files) saved.set(f, await ctx.fs.readFile(f).catch(() => null));
  return saved;
}

async function restore(ctx: OpContext, saved: Saved): Promise<void> {
  for (const [f, content] of saved) {
    if (content === null) await ctx.fs.rm(f, { force: true });
    else await ctx.fs.writeFile(f, content);
  }
}

async function logTail(ctx: OpContext, file: string): Promise<string> {
  const text = await ctx.fs.readFile(file, "utf8").catch(() => "");
  return text.length > LOG_TAIL ? `…${text.slice(-LOG_TAIL)}` : text;
}

export async function envApply(ctx: OpContext, p: ParsedParams<"env:apply">): Promise<Result<"env:apply">> {
  const dir = ctx.envDir ?? DEFAULT_ENV_DIR;
  const src = path.join(dir, "env");
  const saved = await save(ctx, [
    ...CONFIG_FILES.map((f) => path.join(src, f)),
    ...OUTPUTS.map((f) => path.join(dir, f)),
  ]);
  await ctx.fs.mkdir(src, { recursive: true });
  for (const f of CONFIG_FILES) await ctx.fs.rm(path.join(src, f), { force: true });
  await ctx.fs.writeFile(path.join(src, p.kind === "flake" ? "flake.nix" : "shell.nix"), p.content);

  const run = runProcess(ctx, {
    file: process.execPath,
    args: [ctx.envRealiser ?? "/opt/kalpana/kalpana-env.mjs"],
    cwd: dir,
    // kalpana-env finds its folder from KALPANA_HOME (<home>/.kalpana); the rest is the bridge's env,
    // which carries the image's Nix settings (stub, offline).
    env: { ...process.env, KALPANA_HOME: path.dirname(dir) },
    timeoutMs: p.timeoutMs,
    graceMs: 2000,
    killLeftovers: true,
  });
  const exit = await run.exit;
  const status = await readEnvStatus(ctx, path.join(dir, "env-status.json"));
  const log = await logTail(ctx, path.join(dir, "env.log"));
  const ok = exit.code === 0 && status?.state === "ready";
  if (!ok) await restore(ctx, saved);
  return {
    status:
      status ??
      (exit.stopped === "timeout"
        ? { state: "error", message: "realising timed out", hash: null, startedAt: 0, finishedAt: null }
        : null),
    log,
    restored: !ok,
    timedOut: exit.stopped === "timeout",
  };
}
