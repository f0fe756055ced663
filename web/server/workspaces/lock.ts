// One lifecycle operation at a time per workspace: a per-id promise chain in the web process.
// Later callers wait their turn; a failed operation does not poison the chain.
import { processSlot } from "../process-state";

const chains = processSlot("workspace-locks", () => new Map<string, Promise<unknown>>());

export function withWorkspaceLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(id) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.catch(() => undefined);
  chains.set(id, tail);
  void tail.then(() => {
    if (chains.get(id) === tail) chains.delete(id);
  });
  return run;
}

/** True while an operation is queued or running for this workspace. */
export function isLocked(id: string): boolean {
  return chains.has(id);
}
