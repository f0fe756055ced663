// Reconciler: the database says what should run, Docker says what does. Runs at server start, every
// 30 s and when the runtime reports a machine changing state (a Swarm node down or back). Dead
// containers become STOPPED (or ERROR with the reason), ports are re-read (Docker assigns new ones
// after an engine restart), and labelled containers without a row are reported.

import type { WorkspaceStatus } from "../../contract/workspaces";
import { existingIds, findWorkspace, listByStatus, type WorkspaceRow } from "../db/workspaces";
import {
  diedOfMemory,
  engineAnswered,
  noteReconcileFailure,
  reportRunningFaults,
  stoppedByEngine,
  stoppedOutsideReason,
} from "../faults/reasons";
import { logger } from "../log/log";
import { type InstanceState, runtime } from "../runtime/index";
import { isStarting, isStartingAnywhere, trackStart } from "./active";
import { forgetBridgeEntry } from "./bridge";
import { isLocked, withWorkspaceLock } from "./lock";
import { provision } from "./provision";
import { setState } from "./state";

const log = logger("reconcile");
const LIVE_OR_STOPPING: readonly WorkspaceStatus[] = ["STARTING", "RUNNING", "STOPPING"];
export const MACHINE_UNAVAILABLE =
  "Its machine is unavailable. The workspace comes back with its files when the machine does; you can delete it meanwhile.";

export function exitReason(s: InstanceState, memoryMb: number): string | null {
  if (diedOfMemory(s))
    return `The workspace ran out of memory (limit ${s.memoryMb ?? memoryMb} MiB) and was stopped.`;
  // The engine's own error text is for the operator (logged by the caller), not the user.
  if (s.error) return "The container failed and was stopped.";
  // 0 = clean exit; 143/137 = SIGTERM/SIGKILL from a stop (ours, docker stop/kill, engine restart).
  if (s.exitCode === null || [0, 137, 143].includes(s.exitCode)) return null;
  return `The container exited unexpectedly (exit code ${s.exitCode}).`;
}

export async function reconcileOnce(): Promise<{ orphans: InstanceState[] }> {
  await runtime().repair?.();
  const rows = await listByStatus(LIVE_OR_STOPPING);
  for (const w of rows) {
    // A start or stop in flight in this process owns the state; do not fight it.
    if (isStarting(w.id) || isLocked(w.id)) continue;
    await reconcileRow(w);
  }
  return { orphans: await findOrphans() };
}

async function reconcileRow(row: WorkspaceRow): Promise<void> {
  const rt = runtime();
  await withWorkspaceLock(row.id, async () => {
    // Re-read under the lock: a stop or delete may have finished since the list was taken.
    const w = await findWorkspace(row.id);
    if (!w || !LIVE_OR_STOPPING.includes(w.status)) return;
    // A start running in another web process owns the state, as one in this process does.
    if (await isStartingAnywhere(w.id)) return;
    const s = await rt.inspect(w.id);
    if (s?.unavailable) {
      // Its node is down (Swarm): neither running nor stopped as far as anyone can tell. The row
      // keeps its status and says why; the workspace returns with its files when the node does.
      if (w.status === "STOPPING") await rt.stop(w.id);
      const status = w.status === "STOPPING" ? "STOPPED" : w.status;
      if (w.statusMessage !== MACHINE_UNAVAILABLE || status !== w.status)
        await setState(w.id, { status, message: status === "STOPPED" ? null : MACHINE_UNAVAILABLE });
      return;
    }
    // Being brought up by the platform itself (Swarm: after its node came back) is not stopped: a
    // RUNNING row keeps its status and message until the new task runs and its endpoint is read.
    if (!s?.running && !s?.restarting) {
      // An engine that went away killed its containers: whatever their exit code, that is the reason.
      const reason = s && !stoppedByEngine(s) ? exitReason(s, w.memoryMb) : null;
      // The engine's own error text (if any) is for the operator; the user gets `reason`.
      log.warn(
        {
          workspaceId: w.id,
          was: w.status,
          exitCode: s?.exitCode,
          oomKilled: s?.oomKilled,
          err: s?.error ?? undefined,
        },
        reason ? "workspace container died" : "workspace container not running: marked stopped",
      );
      await setState(
        w.id,
        reason
          ? { status: "ERROR", phase: null, message: reason }
          : {
              status: "STOPPED",
              phase: null,
              message: s ? stoppedOutsideReason(s, w.status) : "The container was removed.",
            },
      );
      return;
    }
    if (w.status === "STARTING") {
      // The web server restarted mid-start: every phase is idempotent, so run the pipeline again.
      trackStart(w.id, (signal) => provision(w, signal));
      return;
    }
    if (w.status === "STOPPING") {
      await rt.stop(w.id);
      await setState(w.id, { status: "STOPPED", phase: null });
      return;
    }
    const ep = await rt.endpoint(w.id);
    const back = w.statusMessage === MACHINE_UNAVAILABLE;
    if (ep && (back || w.ports?.bridge !== ep.bridgePort)) {
      forgetBridgeEntry(w.id);
      await setState(w.id, {
        status: "RUNNING",
        ports: { bridge: ep.bridgePort },
        ...(back ? { message: null } : {}),
      });
    }
  });
}

/** One workspace, now: the IDE proxy calls it when code-server refuses (ports moved). */
export async function reconcileWorkspace(id: string): Promise<void> {
  if (isStarting(id) || isLocked(id)) return;
  const w = await findWorkspace(id);
  if (w && LIVE_OR_STOPPING.includes(w.status)) await reconcileRow(w);
}

/** Containers labelled as Kalpana workspaces whose row no longer exists. */
export async function findOrphans(): Promise<InstanceState[]> {
  const all = await runtime().list();
  if (all.length === 0) return [];
  const ids = await existingIds(all.map((s) => s.workspaceId));
  return all.filter((s) => s.workspaceId && !ids.has(s.workspaceId));
}

/** Removes an orphan's container and volumes (an admin action; never automatic). */
export async function removeOrphan(workspaceId: string): Promise<void> {
  if (await findWorkspace(workspaceId)) {
    throw new Error(`${workspaceId} has a workspace row: not an orphan`);
  }
  await runtime().remove(workspaceId, { volumes: true });
}

export function startReconciler(intervalMs = 30_000): () => void {
  let reported = "";
  let since = Math.floor(Date.now() / 1000) - 60; // OOM kills just before a restart count too
  // One pass at a time: a node change (watchNodes) during a pass asks for one more pass after it.
  let busy = false;
  let again = false;
  const tick = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      const { orphans } = await reconcileOnce();
      const now = Math.floor(Date.now() / 1000);
      await reportRunningFaults(since, now);
      since = now;
      engineAnswered();
      const ids = orphans.map((o) => o.workspaceId).join(",");
      // Another server (or a test) may share this engine: report orphans once per change, not every tick.
      if (ids && ids !== reported)
        log.warn({ orphans: orphans.length, ids }, `${orphans.length} orphan workspace container(s)`);
      reported = ids;
    } catch (err) {
      log.error({ err: (err as Error).message }, "reconcile failed");
      await noteReconcileFailure();
    } finally {
      busy = false;
      if (again) {
        again = false;
        void tick();
      }
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // A machine going down or coming back is seen now, not up to an interval later (Swarm).
  const stopWatch = runtime().watchNodes?.(() => void tick());
  return () => {
    clearInterval(timer);
    stopWatch?.();
  };
}
