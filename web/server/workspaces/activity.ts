// Activity marks: IDE proxy traffic, agent calls and open workspace tabs call touchWorkspace().
// The idle reaper reads the in-memory mark; the database copy (lastActiveAt) is written at most
// once per 30 s per workspace so busy IDE traffic does not turn into a write per request.
// With several web processes (PostgreSQL) lastActiveAt is how they share activity and presence:
// each one writes what it saw (its reaper marks its own tabs in front every 30 s, a heartbeat), and
// each one reads the others' marks from the row, up to SHARED_SLACK_MS late (see lastActivity).
import { sharedLocks } from "../db/advisory-lock";
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

/**
 * How late another web process's activity can reach the row: it writes at most every 30 s, and its
 * reaper marks its open tabs every 30 s. On PostgreSQL a persisted mark counts as that much later,
 * so no process stops a workspace that is in use through another one (the stop comes at most this
 * much after the timeout).
 */
export const SHARED_SLACK_MS = WRITE_EVERY_MS + 30_000;

/** The latest activity we know of: in memory (this process) or persisted (survives restarts). */
export function lastActivity(id: string, persisted: Date): number {
  const slack = sharedLocks() ? SHARED_SLACK_MS : 0;
  return Math.max(state.seen.get(id) ?? 0, persisted.getTime() + slack);
}

export function forgetActivity(id: string): void {
  state.seen.delete(id);
  state.written.delete(id);
}
