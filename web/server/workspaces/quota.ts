// Running-workspace quotas (KALPANA_MAX_RUNNING_PER_USER / _TOTAL), checked and claimed in ONE
// database transaction that first takes the QuotaLock row. Counting and then starting in two steps
// lets parallel requests all see room and all start; the lock row makes every claim — in any web
// process, on SQLite (write lock) and PostgreSQL (row lock) — wait for the one before it.
import type { Prisma } from "../../generated/prisma/client";
import { config } from "../config";
import { type Db, db } from "../db/client";
import { AppError } from "../errors";
import type { WorkspaceRow } from "./store";

type Tx = Prisma.TransactionClient;
export type Limits = { perUser: number; total: number };

const LIVE = ["STARTING", "RUNNING"] as const;
const FIRST_PHASE = {
  status: "STARTING",
  phase: "container",
  statusMessage: "Starting the container",
} as const;

export function configuredLimits(): Limits {
  const c = config();
  return { perUser: c.KALPANA_MAX_RUNNING_PER_USER, total: c.KALPANA_MAX_RUNNING_TOTAL };
}

function inTurn<T>(client: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return client.$transaction(
    async (tx) => {
      // The first statement is a write, so SQLite takes its write lock at once (no deadlock on a
      // read→write upgrade) and PostgreSQL holds the row until commit.
      await tx.quotaLock.upsert({
        where: { id: 1 },
        create: { id: 1, turns: 1 },
        update: { turns: { increment: 1 } },
      });
      return fn(tx);
    },
    // 30 claims queue behind each other; each takes milliseconds.
    { maxWait: 20_000, timeout: 20_000 },
  );
}

async function requireRoom(tx: Tx, userId: string, exceptId: string, limits: Limits): Promise<void> {
  const mine = await tx.workspace.count({
    where: { userId, status: { in: [...LIVE] }, id: { not: exceptId } },
  });
  if (mine >= limits.perUser) {
    throw new AppError(
      "conflict",
      `You already have ${mine} running workspace${mine === 1 ? "" : "s"} (the limit is ${limits.perUser}). Stop one first.`,
    );
  }
  const all = await tx.workspace.count({ where: { status: { in: [...LIVE] }, id: { not: exceptId } } });
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
  limits = configuredLimits(),
  client = db(),
): Promise<WorkspaceRow | null> {
  return inTurn(client, async (tx) => {
    const w = await tx.workspace.findUnique({ where: { id } });
    if (!w || w.userId !== userId || w.status === "STARTING" || w.status === "RUNNING") return null;
    await requireRoom(tx, userId, id, limits);
    return tx.workspace.update({ where: { id }, data: FIRST_PHASE });
  });
}

/** Creates a workspace row already in STARTING if the limits allow (else throws, no row left). */
export function createStarting(
  data: Omit<Prisma.WorkspaceUncheckedCreateInput, "status" | "phase" | "statusMessage">,
  limits = configuredLimits(),
  client = db(),
): Promise<WorkspaceRow> {
  return inTurn(client, async (tx) => {
    await requireRoom(tx, data.userId, "", limits);
    return tx.workspace.create({ data: { ...data, ...FIRST_PHASE } });
  });
}
