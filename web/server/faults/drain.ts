// The workspace half of a graceful shutdown (web/server.ts): no row may stay STARTING or STOPPING
// after this process is gone, and no bridge connection may be left to time out on the other side.
// A start in flight is cancelled and its container stopped (a half-provisioned workspace is not a
// RUNNING one, and nobody would finish it); a stop in flight is waited for (the lock).
import { findWorkspace, listByStatus } from "../db/workspaces";
import { logger } from "../log/log";
import { runtime } from "../runtime/index";
import { cancelStart, isStarting, isStartingAnywhere } from "../workspaces/active";
import { closeSharedBridge } from "../workspaces/bridge";
import { withWorkspaceLock } from "../workspaces/lock";
import { setState } from "../workspaces/state";

const log = logger("faults");

export const SHUTDOWN_DURING_START = "The server shut down during the start: start it again.";

export async function drainWorkspaces(): Promise<{ settled: string[] }> {
  const settled: string[] = [];
  const rows = await listByStatus(["STARTING", "STOPPING", "RUNNING"]);
  await Promise.all(
    rows.map(async (row) => {
      closeSharedBridge(row.id);
      if (row.status === "RUNNING") return;
      // Another web server's start (PostgreSQL) is that server's to finish: it lives on.
      if (!isStarting(row.id) && (await isStartingAnywhere(row.id))) return;
      if (isStarting(row.id)) await cancelStart(row.id);
      await withWorkspaceLock(row.id, async () => {
        const w = await findWorkspace(row.id);
        if (!w || (w.status !== "STARTING" && w.status !== "STOPPING")) return; // the stop in flight finished
        await runtime()
          .stop(w.id, 5)
          .catch((err) => log.warn({ workspaceId: w.id, err }, "stop at shutdown failed"));
        const running =
          (
            await runtime()
              .inspect(w.id)
              .catch(() => null)
          )?.running ?? false;
        await setState(
          w.id,
          running
            ? {
                status: "ERROR",
                phase: null,
                message: "The server shut down and the container did not stop.",
              }
            : {
                status: "STOPPED",
                phase: null,
                message: w.status === "STARTING" ? SHUTDOWN_DURING_START : null,
              },
        );
        settled.push(w.id);
        log.info({ workspaceId: w.id, was: w.status }, "workspace settled at shutdown");
      });
    }),
  );
  return { settled };
}
