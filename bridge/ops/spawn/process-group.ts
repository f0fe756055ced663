import type { ChildProcess } from "node:child_process";

/** Time a user command gets to exit after SIGTERM before the whole group is SIGKILLed. */
export const KILL_GRACE_MS = 1500;

export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

/**
 * SIGTERM the group now and SIGKILL it after `graceMs` (0: SIGKILL at once). Once the leader
 * has exited, anything it left behind in the group goes too.
 */
export function terminateGroup(child: ChildProcess, graceMs = KILL_GRACE_MS): void {
  if (graceMs <= 0) {
    signalGroup(child.pid, "SIGKILL");
    return;
  }
  signalGroup(child.pid, "SIGTERM");
  const t = setTimeout(() => signalGroup(child.pid, "SIGKILL"), graceMs);
  t.unref();
  child.once("exit", () => {
    clearTimeout(t);
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
