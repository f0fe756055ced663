// Why a workspace is not what its row says, in words for its owner: the reconciler (workspaces/
// reconcile.ts) calls these. Without them an engine restart, an out-of-memory kill inside a running
// workspace or a full disk all looked the same: a silent STOPPED, or nothing at all.
import type { WorkspaceStatus } from "../../contract/workspaces";
import { listByStatus } from "../db/workspaces";
import { logger } from "../log/log";
import { type InstanceState, runtime } from "../runtime/index";
import { setState } from "../workspaces/state";

const log = logger("faults");

/** When the reconciler last failed to reach the engine (null once it answered again and was used). */
let engineLostAt: Date | null = null;

/** The reconciler's tick failed: if the engine is down, containers found stopped later are its doing. */
export async function noteReconcileFailure(): Promise<void> {
  const down = await runtime()
    .ping()
    .then(() => false)
    .catch(() => true);
  if (down && !engineLostAt) {
    engineLostAt = new Date();
    log.warn(
      "the Docker engine does not answer: workspaces found stopped later are reported as stopped by it",
    );
  }
}

const hhmm = (t: Date) => t.toISOString().slice(11, 19);

/**
 * A live row whose container stopped cleanly (exit 0/137/143) without Kalpana stopping it. Kalpana
 * does not start it again by itself: see docs/OPERATIONS.md, Faults.
 */
export function stoppedOutsideReason(s: InstanceState, was: WorkspaceStatus): string | null {
  if (was === "STOPPING") return null; // our own stop, finished while we were away
  const at = s.finishedAt ? ` at ${hhmm(new Date(s.finishedAt))} UTC` : "";
  const keep = "Start it again: files in /workspace are kept.";
  if (engineLostAt) return `Stopped by a restart of the Docker engine${at}. ${keep}`;
  if (was === "STARTING")
    return `The start was interrupted${at} (the server or the Docker engine restarted). ${keep}`;
  return `Stopped outside Kalpana${at} (a restart of the Docker engine or the host, or docker stop). ${keep}`;
}

/**
 * The container's main process was killed for memory. Docker's OOMKilled flag stays set once ANY
 * process in the container was (the agent's `node` eating memory, say), so a later clean stop still
 * carries it: only a SIGKILL exit (137) with the flag is the container dying of memory.
 */
export function diedOfMemory(s: InstanceState): boolean {
  return s.oomKilled && s.exitCode === 137;
}

/** The engine was seen gone since the last good tick, and this container did not die of memory. */
export function stoppedByEngine(s: InstanceState): boolean {
  return engineLostAt !== null && !diedOfMemory(s);
}

/** A tick that reached the engine: later stops are no longer blamed on the outage. */
export function engineAnswered(): void {
  engineLostAt = null;
}

export const DISK_FULL = "The workspace's disk is full";
const OOM = "A process ran out of memory";

/**
 * Running workspaces: out-of-memory kills since the last tick (the container lives on, so only the
 * engine's events tell), and a full disk. Each is written into the status message of a RUNNING row;
 * the disk message clears itself once space is freed.
 */
export async function reportRunningFaults(sinceSec: number, untilSec: number): Promise<void> {
  const rt = runtime();
  const rows = await listByStatus(["RUNNING"]);
  if (rows.length === 0) return;
  const ooms = new Map<string, Date>();
  for (const e of (await rt.oomEvents?.(sinceSec, untilSec).catch(() => [])) ?? [])
    ooms.set(e.workspaceId, e.at);
  for (const w of rows) {
    const oomAt = ooms.get(w.id);
    if (oomAt) {
      const message = `${OOM} (limit ${w.memoryMb} MiB) and was killed at ${hhmm(oomAt)} UTC; the workspace kept running.`;
      log.warn({ workspaceId: w.id, memoryMb: w.memoryMb }, "out of memory inside a running workspace");
      await setState(w.id, { status: "RUNNING", message });
      continue;
    }
    const disk = await rt.diskUsage?.(w.id).catch(() => null);
    if (!disk) continue;
    const full = disk.totalBytes - disk.usedBytes < Math.max(16 * 2 ** 20, disk.totalBytes * 0.01);
    const shown = w.statusMessage?.startsWith(DISK_FULL) ?? false;
    if (full && !shown) {
      const gib = (disk.totalBytes / 2 ** 30).toFixed(1);
      log.warn(
        { workspaceId: w.id, usedBytes: disk.usedBytes, totalBytes: disk.totalBytes },
        "workspace disk full",
      );
      await setState(w.id, {
        status: "RUNNING",
        message: `${DISK_FULL} (${gib} GiB): writes fail until files are deleted.`,
      });
    } else if (!full && shown) {
      await setState(w.id, { status: "RUNNING", message: null });
    }
  }
}
