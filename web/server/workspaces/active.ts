// Start pipelines running in this process, so stop/delete can cancel them and the reconciler can
// leave them alone.

import { logger } from "../log/log";
import { processSlot } from "../process-state";

const log = logger("workspaces");

type Active = { abort: AbortController; done: Promise<void> };
const active = processSlot("workspace-active-starts", () => new Map<string, Active>());

export function trackStart(id: string, run: (signal: AbortSignal) => Promise<void>): void {
  const abort = new AbortController();
  const done = run(abort.signal)
    .catch((err) => {
      // provision() records its own failures; reaching here means even that write failed (the
      // database is down). Say so loudly; the reconciler settles the row once it can write again.
      log.error({ workspaceId: id, err }, "start failed and its state could not be stored");
    })
    .finally(() => {
      if (active.get(id)?.abort === abort) active.delete(id);
    });
  active.set(id, { abort, done });
}

export function isStarting(id: string): boolean {
  return active.has(id);
}

/** Cancels a running start (if any) and waits until its pipeline has let go. */
export async function cancelStart(id: string): Promise<void> {
  const a = active.get(id);
  if (!a) return;
  a.abort.abort();
  await a.done.catch(() => undefined);
}
