// One lifecycle operation at a time per workspace. In this process: a per-id promise chain (later
// callers wait their turn; a failed operation does not poison the chain). On PostgreSQL the turn
// also takes the workspace's advisory lock (db/advisory-lock.ts), so an operation run by another
// web process waits too, and a process that dies mid-operation releases it with its connection.
// SQLite is one process: the chain alone is the lock.
import { AsyncLocalStorage } from "node:async_hooks";
import { acquireAdvisoryLock, sharedLocks } from "../db/advisory-lock";
import { processSlot } from "../process-state";

const chains = processSlot("workspace-locks", () => new Map<string, Promise<unknown>>());
type Scope = { releases: (() => Promise<void>)[] };
const scope = processSlot("workspace-lock-scope", () => new AsyncLocalStorage<Scope>());

async function locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const held = sharedLocks() ? await acquireAdvisoryLock("workspace", id) : null;
  const s: Scope = { releases: [] };
  try {
    return await scope.run(s, fn);
  } finally {
    for (const r of s.releases.reverse()) await r().catch(() => undefined);
    await held?.release();
  }
}

export function withWorkspaceLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(id) ?? Promise.resolve();
  const turn = () => locked(id, fn);
  const run = prev.then(turn, turn);
  const tail = run.catch(() => undefined);
  chains.set(id, tail);
  void tail.then(() => {
    if (chains.get(id) === tail) chains.delete(id);
  });
  return run;
}

/**
 * Inside a withWorkspaceLock operation: runs `release` when the operation ends (before the lock
 * is let go). Outside one, at once. For things that must be held exactly as long as the lock is.
 */
export async function releaseWithLock(release: () => Promise<void>): Promise<void> {
  const s = scope.getStore();
  if (s) s.releases.push(release);
  else await release();
}

/** True while an operation is queued or running for this workspace in this process. */
export function isLocked(id: string): boolean {
  return chains.has(id);
}
