import { authed } from "@/server/http/route";
import { getPhaseLog } from "@/server/workspaces/phase-log";
import { getOwned } from "@/server/workspaces/store";

export const dynamic = "force-dynamic";

export const GET = authed<{ id: string }>(async (_req, user, { id }) => {
  const w = await getOwned(user.id, id);
  const phases = getPhaseLog(id);
  // After a web-server restart the in-memory log is gone; the failure summary was persisted.
  if (w.status === "ERROR" && w.statusMessage && phases.every((p) => p.lines.length === 0)) {
    const phase = phases.find((p) => p.phase === w.phase) ?? phases[0];
    if (phase) {
      phase.status = "error";
      phase.lines = w.statusMessage.split("\n");
    }
  }
  return { phases };
});
