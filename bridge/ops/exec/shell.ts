import type { ChildProcess } from "node:child_process";
import type { OpContext } from "../context";
import { DEFAULT_ENV_DIR } from "../env/env-status";
import { type EnvLoader, envLoader } from "./loaded-env";

// Credentials handed to a git call must never leak into a user command's environment.
const STRIPPED_ENV = ["KALPANA_GIT_USERNAME", "KALPANA_GIT_PASSWORD", "GIT_ASKPASS"];

/** argv + options for a shell command; pure so tests can check it. */
export function shellSpawnArgs(command: string): [string, string[]] {
  // `bash -c` without -l: non-interactive bash sources $BASH_ENV (env-loader.sh) and nothing
  // else; with the Nix environment passed in loaded (shellEnv), that keeps each command at a few ms.
  return ["bash", ["-c", command]];
}

/** The bridge's own environment without credentials, plus `extra` (git children use this). */
export function commandEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of STRIPPED_ENV) delete env[k];
  return { ...env, ...extra };
}

// One loader per environment folder for the whole process: every connection shares the cache.
const loaders = new Map<string, EnvLoader>();

/** For a shell command (exec, jobs, MCP servers): commandEnv with the Nix environment loaded. */
export async function shellEnv(
  ctx: Pick<OpContext, "envDir">,
  extra: Record<string, string>,
): Promise<NodeJS.ProcessEnv> {
  const dir = ctx.envDir ?? DEFAULT_ENV_DIR;
  let loader = loaders.get(dir);
  if (!loader) {
    loader = envLoader(dir, () => commandEnv({}));
    loaders.set(dir, loader);
  }
  return { ...(await loader.current()), ...extra };
}

/**
 * Start `bash -c` as the leader of a NEW process group (detached), so that cancel and
 * timeout can signal everything the command started (pipes, `npm run` children, servers).
 */
export function spawnShell(
  ctx: Pick<OpContext, "spawn">,
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  withStdin: boolean,
): ChildProcess {
  const [file, args] = shellSpawnArgs(command);
  return ctx.spawn(file, args, {
    cwd,
    env,
    detached: true,
    stdio: [withStdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
}
