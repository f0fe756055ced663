// Idle auto-stop: a RUNNING workspace with no IDE traffic, agent call or workspace tab in front for
// KALPANA_IDLE_TIMEOUT_MIN minutes is stopped; its room gets a warning two minutes before.
import { config } from "../config";
import { listByStatus } from "../db/workspaces";
import { logger } from "../log/log";
import { processSlot } from "../process-state";
import { lastActivity, touchWorkspace } from "./activity";
import { activeTabs, publishWorkspaceEvent } from "./events";
import { stopWorkspaceById } from "./lifecycle";

const log = logger("idle");

const WARN_BEFORE_MS = 2 * 60_000;
const warned = processSlot("workspace-idle-warned", () => new Map<string, number>());

export async function reapIdle(
  now = Date.now(),
  timeoutMs = config().KALPANA_IDLE_TIMEOUT_MIN * 60_000,
): Promise<string[]> {
  const rows = await listByStatus(["RUNNING"]);
  const stopped: string[] = [];
  for (const w of rows) {
    // A workspace tab in front is activity; a background tab or the dashboard is not, so they
    // get the warning before the stop.
    if (activeTabs(w.id) > 0) touchWorkspace(w.id, now);
    const last = lastActivity(w.id, w.lastActiveAt);
    const stopsAt = last + timeoutMs;
    if (now >= stopsAt) {
      warned.delete(w.id);
      stopped.push(w.id);
      const minutes = Math.round(timeoutMs / 60_000);
      await stopWorkspaceById(
        w.id,
        `Stopped after ${minutes} minute${minutes === 1 ? "" : "s"} without activity.`,
      );
    } else if (now >= stopsAt - WARN_BEFORE_MS && warned.get(w.id) !== stopsAt) {
      warned.set(w.id, stopsAt);
      publishWorkspaceEvent(w.id, "workspace:idle-warning", {
        id: w.id,
        stopsAt: new Date(stopsAt).toISOString(),
      });
    }
  }
  return stopped;
}

export function startIdleReaper(intervalMs = 30_000): () => void {
  const timer = setInterval(() => {
    reapIdle().catch((err) => log.error({ err: (err as Error).message }, "idle reaper failed"));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
