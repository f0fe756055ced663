import type { ChildProcess } from "node:child_process";
import type { OpContext } from "../context";

/** Time a command gets to exit after SIGTERM before the whole group is SIGKILLed. */
export const KILL_GRACE_MS = 1500;

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

export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

/** SIGTERM the group now and SIGKILL it after the grace period (cancelled early if it exits). */
export function terminateGroup(child: ChildProcess): void {
  signalGroup(child.pid, "SIGTERM");
  const t = setTimeout(() => signalGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
  t.unref();
  child.once("exit", () => {
    clearTimeout(t);
    // The leader is gone; anything it left behind in the group goes too.
    signalGroup(child.pid, "SIGKILL");
  });
}

/**
 * Resolves when the leader has exited and its pipes are drained. A daemon started with `&`
 * can hold the pipes open forever, so after the leader exits we wait only briefly for them.
 */
export function waitForExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(exited ?? { code, signal }));
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve(exited!);
      }, 200).unref();
    });
  });
}
