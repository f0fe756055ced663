// Start pipelines running in this process, so stop/delete can cancel them and the reconciler can
// leave them alone. On PostgreSQL (several web processes) a running pipeline also holds the
// workspace's START lease (an advisory lock): a stop or delete in another process asks the owner to
// cancel (a notification), then takes the lease itself and keeps it until its own operation ends,
// so a start that was about to begin elsewhere finds the row no longer STARTING and does nothing.

import { acquireAdvisoryLock, listen, notify, sharedLocks, tryAdvisoryLock } from "../db/advisory-lock";
import { databaseUrlFrom } from "../db/url";
import { findWorkspace } from "../db/workspaces";
import { logger } from "../log/log";
import { processSlot } from "../process-state";
import { releaseWithLock } from "./lock";

const log = logger("workspaces");
const CANCEL_CHANNEL = "kalpana_cancel_start";

type Active = { abort: AbortController; done: Promise<void> };
const active = processSlot("workspace-active-starts", () => new Map<string, Active>());
const listening = processSlot("workspace-cancel-listener", () => ({ url: "" }));

function listenForCancels(): void {
  const url = databaseUrlFrom();
  if (listening.url === url) return;
  listening.url = url;
  listen(CANCEL_CHANNEL, (id) => active.get(id)?.abort.abort());
}

/** On PostgreSQL: the pipeline runs only while holding the lease, and only if the row still wants it. */
async function leased(id: string, signal: AbortSignal, run: (signal: AbortSignal) => Promise<void>) {
  if (!sharedLocks()) return run(signal);
  listenForCancels();
  const lease = await acquireAdvisoryLock("start", id);
  try {
    const w = await findWorkspace(id);
    if (signal.aborted || w?.status !== "STARTING") {
      log.info({ workspaceId: id, status: w?.status ?? "deleted" }, "start no longer wanted: not run");
      return;
    }
    await run(signal);
  } finally {
    await lease.release();
  }
}

export function trackStart(id: string, run: (signal: AbortSignal) => Promise<void>): void {
  const abort = new AbortController();
  const done = leased(id, abort.signal, run)
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

/** A start pipeline runs (or waits for its lease) in this process. */
export function isStarting(id: string): boolean {
  return active.has(id);
}

/** A start pipeline runs in ANY web process right now (on SQLite: in this one). */
export async function isStartingAnywhere(id: string): Promise<boolean> {
  if (isStarting(id)) return true;
  if (!sharedLocks()) return false;
  const lease = await tryAdvisoryLock("start", id);
  await lease?.release();
  return lease === null;
}

/**
 * Cancels a running start (if any, in any web process) and waits until its pipeline has let go.
 * Call it inside withWorkspaceLock: on PostgreSQL the start lease stays held until that operation
 * ends, so no start elsewhere can slip in between the cancel and the caller's state change.
 */
export async function cancelStart(id: string): Promise<void> {
  // Another process's pipeline is told first: one queued here may be waiting for its lease.
  if (sharedLocks()) await notify(CANCEL_CHANNEL, id);
  const a = active.get(id);
  if (a) {
    a.abort.abort();
    await a.done.catch(() => undefined);
  }
  if (!sharedLocks()) return;
  const lease = await acquireAdvisoryLock("start", id);
  await releaseWithLock(lease.release);
}
