// Start pipelines running in this process, so stop/delete can cancel them and the reconciler can
// leave them alone.
import { processSingleton } from "./shared";

type Active = { abort: AbortController; done: Promise<void> };
const active = processSingleton("workspace-active-starts", () => new Map<string, Active>());

export function trackStart(id: string, run: (signal: AbortSignal) => Promise<void>): void {
  const abort = new AbortController();
  const done = run(abort.signal).finally(() => {
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
