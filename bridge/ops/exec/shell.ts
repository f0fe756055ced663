import type { ChildProcess } from "node:child_process";
import type { OpContext } from "../context";

// Credentials handed to a git call must never leak into a user command's environment.
const STRIPPED_ENV = ["KALPANA_GIT_USERNAME", "KALPANA_GIT_PASSWORD", "GIT_ASKPASS"];

/** argv + options for a shell command; pure so tests can check it. */
export function shellSpawnArgs(command: string): [string, string[]] {
  // `bash -c` without -l: non-interactive bash sources $BASH_ENV (the cached Nix env) and
  // nothing else, which keeps each command at a few ms.
  return ["bash", ["-c", command]];
}

export function commandEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of STRIPPED_ENV) delete env[k];
  return { ...env, ...extra };
}

/**
 * Start `bash -c` as the leader of a NEW process group (detached), so that cancel and
 * timeout can signal everything the command started (pipes, `npm run` children, servers).
 */
export function spawnShell(
  ctx: Pick<OpContext, "spawn">,
  command: string,
  cwd: string,
  env: Record<string, string>,
  withStdin: boolean,
): ChildProcess {
  const [file, args] = shellSpawnArgs(command);
  return ctx.spawn(file, args, {
    cwd,
    env: commandEnv(env),
    detached: true,
    stdio: [withStdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
}
