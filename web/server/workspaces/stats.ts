// Live resource figures for open workspace tabs: every few seconds, one `docker stats` sample per
// watched RUNNING workspace, published as workspace:stats. Nobody watching → no Docker calls.
import { runningAmong } from "../db/workspaces";
import { logger } from "../log/log";
import { runtime } from "../runtime/index";
import { publishWorkspaceEvent, watchedWorkspaces } from "./events";

const log = logger("stats");

export async function publishStats(): Promise<void> {
  const ids = watchedWorkspaces();
  if (ids.length === 0) return;
  const running = await runningAmong(ids);
  await Promise.all(
    running.map(async (id) => {
      const s = await runtime()
        .stats(id)
        .catch(() => null);
      if (s)
        publishWorkspaceEvent(id, "workspace:stats", { id, cpuPercent: s.cpuPercent, memoryMb: s.memoryMb });
    }),
  );
}

export function startStatsPublisher(intervalMs = 5_000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow engine must not pile up samples
    busy = true;
    publishStats()
      .catch((err) => log.error({ err: (err as Error).message }, "stats failed"))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
