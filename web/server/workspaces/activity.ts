// Activity marks: IDE proxy traffic, agent calls and open workspace tabs call touchWorkspace().
// The idle reaper reads the in-memory mark; the database copy (lastActiveAt) is written at most
// once per 30 s per workspace so busy IDE traffic does not turn into a write per request.
import { writeLastActive } from "../db/workspaces";
import { logger } from "../log/log";
import { processSlot } from "../process-state";

const log = logger("workspaces");

const WRITE_EVERY_MS = 30_000;
const state = processSlot("workspace-activity", () => ({
  seen: new Map<string, number>(),
  written: new Map<string, number>(),
}));

/** Marks a workspace as in use now. Cheap; call it on every request you like. */
export function touchWorkspace(id: string, now = Date.now()): void {
  state.seen.set(id, now);
  if (now - (state.written.get(id) ?? 0) < WRITE_EVERY_MS) return;
  state.written.set(id, now);
  // A deleted workspace has nothing to mark; any other failure is logged (and retried next touch).
  writeLastActive(id, new Date(now)).catch((err) => {
    state.written.delete(id);
    log.error({ workspaceId: id, err: (err as Error).message }, "could not store activity");
  });
}

/** The latest activity we know of: in memory (this process) or persisted (survives restarts). */
export function lastActivity(id: string, persisted: Date): number {
  return Math.max(state.seen.get(id) ?? 0, persisted.getTime());
}

export function forgetActivity(id: string): void {
  state.seen.delete(id);
  state.written.delete(id);
}
