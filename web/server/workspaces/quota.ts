// Running-workspace quotas (KALPANA_MAX_RUNNING_PER_USER / _TOTAL), checked and claimed in ONE
// database transaction that first takes the QuotaLock row. Counting and then starting in two steps
// lets parallel requests all see room and all start; the lock row makes every claim — in any web
// process, on SQLite (write lock) and PostgreSQL (row lock) — wait for the one before it.
import { config } from "../config";
import { readQuotaOverrides } from "../db/admin";
import type { Db } from "../db/client";
import type { Queryable, Tx } from "../db/tx";
import {
  countLive,
  createWorkspaceRow,
  findOwned,
  inQuotaTurn,
  type NewWorkspace,
  type WorkspaceRow,
  writeState,
} from "../db/workspaces";
import { AppError } from "../errors";

export type Limits = { perUser: number; total: number };

const FIRST_PHASE = {
  status: "STARTING",
  phase: "container",
  statusMessage: "Starting the container",
} as const;

/** The limits in force: an administrator's (the Setting table) over the environment's defaults.
 * Read inside the quota turn, so a claim never races a change of the limits. */
export async function configuredLimits(q?: Queryable): Promise<Limits> {
  const c = config();
  const set = await readQuotaOverrides(q);
  return {
    perUser: set.perUser ?? c.KALPANA_MAX_RUNNING_PER_USER,
    total: set.total ?? c.KALPANA_MAX_RUNNING_TOTAL,
  };
}

async function requireRoom(tx: Tx, userId: string, exceptId: string, limits: Limits): Promise<void> {
  const mine = await countLive(tx, { userId, exceptId });
  if (mine >= limits.perUser) {
    throw new AppError(
      "conflict",
      `You already have ${mine} running workspace${mine === 1 ? "" : "s"} (the limit is ${limits.perUser}). Stop one first.`,
    );
  }
  const all = await countLive(tx, { exceptId });
  if (all >= limits.total) {
    throw new AppError(
      "quota_exceeded",
      "The server is running as many workspaces as it can. Try again later.",
    );
  }
}

/**
 * Moves a stopped (or failed) workspace to STARTING if the limits allow. Null when it was already
 * STARTING/RUNNING (a parallel start won; nothing to do). Throws conflict/quota_exceeded when full.
 */
export function claimStart(
  userId: string,
  id: string,
  limits?: Limits,
  client?: Db,
): Promise<WorkspaceRow | null> {
  return inQuotaTurn(async (tx) => {
    const w = await findOwned(userId, id, tx);
    if (!w || w.status === "STARTING" || w.status === "RUNNING") return null;
    await requireRoom(tx, userId, id, limits ?? (await configuredLimits(tx)));
    return writeState(id, FIRST_PHASE, tx);
  }, client);
}

/** Creates a workspace row already in STARTING if the limits allow (else throws, no row left). */
export function createStarting(data: NewWorkspace, limits?: Limits, client?: Db): Promise<WorkspaceRow> {
  return inQuotaTurn(async (tx) => {
    await requireRoom(tx, data.userId, "", limits ?? (await configuredLimits(tx)));
    return createWorkspaceRow(data, FIRST_PHASE, tx);
  }, client);
}
