// The admin repository: every query the admin console makes across users (the User, Session,
// Workspace, AuditEvent and Setting tables), so domain code in server/admin never sees Prisma.
// Each function takes an optional `q` (the client or a transaction from inTx).
import type { Prisma } from "../../generated/prisma/client";
import { db } from "./client";
import { mapDbErrors } from "./errors";
import { inTx, type Queryable } from "./tx";

const LIVE = ["STARTING", "RUNNING"] as const;

export type AdminUserRow = {
  id: string;
  name: string;
  email: string;
  disabledAt: Date | null;
  createdAt: Date;
  workspaces: number;
  running: number;
};

/** Every account, oldest first, with its workspace counts. */
export async function listUsers(q: Queryable = db()): Promise<AdminUserRow[]> {
  const [users, running] = await Promise.all([
    q.user.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        name: true,
        email: true,
        disabledAt: true,
        createdAt: true,
        _count: { select: { workspaces: true } },
      },
    }),
    q.workspace.groupBy({ by: ["userId"], where: { status: { in: [...LIVE] } }, _count: { _all: true } }),
  ]);
  const live = new Map(running.map((r) => [r.userId, r._count._all]));
  return users.map(({ _count, ...u }) => ({
    ...u,
    workspaces: _count.workspaces,
    running: live.get(u.id) ?? 0,
  }));
}

/** The first account ever created (the built-in administrator), or null before any sign-up. */
export async function firstUserId(q: Queryable = db()): Promise<string | null> {
  const u = await q.user.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return u?.id ?? null;
}

export function findUser(
  id: string,
  q: Queryable = db(),
): Promise<{ id: string; email: string; disabledAt: Date | null } | null> {
  return q.user.findUnique({ where: { id }, select: { id: true, email: true, disabledAt: true } });
}

/** True when the account exists and is disabled. */
export async function isDisabled(userId: string, q: Queryable = db()): Promise<boolean> {
  return Boolean((await findUser(userId, q))?.disabledAt);
}

/**
 * Disables the account and deletes all its sessions in one transaction: from the commit on, no
 * request of that account passes a session check. Returns the ids of the deleted sessions.
 */
export function disableUser(id: string, at = new Date()): Promise<string[]> {
  return inTx(async (tx) => {
    await mapDbErrors(tx.user.update({ where: { id }, data: { disabledAt: at } }), "User");
    const sessions = await tx.session.findMany({ where: { userId: id }, select: { id: true } });
    await tx.session.deleteMany({ where: { userId: id } });
    return sessions.map((s) => s.id);
  });
}

export async function enableUser(id: string, q: Queryable = db()): Promise<void> {
  await mapDbErrors(q.user.update({ where: { id }, data: { disabledAt: null } }), "User");
}

export type AdminWorkspaceRow = {
  id: string;
  name: string;
  status: string;
  statusMessage: string | null;
  userId: string;
  ownerEmail: string;
  memoryMb: number;
  cpus: number;
  lastActiveAt: Date;
  createdAt: Date;
};

/** Every workspace of every user, newest first. */
export async function listAllWorkspaces(q: Queryable = db()): Promise<AdminWorkspaceRow[]> {
  const rows = await q.workspace.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      status: true,
      statusMessage: true,
      userId: true,
      memoryMb: true,
      cpus: true,
      lastActiveAt: true,
      createdAt: true,
      user: { select: { email: true } },
    },
  });
  return rows.map(({ user, ...w }) => ({ ...w, ownerEmail: user.email }));
}

/** A workspace's owner and name (what the lifecycle's owner-checked entry points need), or null. */
export function workspaceOwner(
  id: string,
  q: Queryable = db(),
): Promise<{ id: string; userId: string; name: string } | null> {
  return q.workspace.findUnique({ where: { id }, select: { id: true, userId: true, name: true } });
}

/** Ids of a user's workspaces that may have a container running (everything but STOPPED). */
export async function unstoppedWorkspaceIds(userId: string, q: Queryable = db()): Promise<string[]> {
  const rows = await q.workspace.findMany({
    where: { userId, status: { not: "STOPPED" } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

export type AuditFilter = {
  userId?: string;
  /** Exact action, or a family when it ends with "." ("admin."). */
  action?: string;
  workspaceId?: string;
  from?: Date;
  to?: Date;
  limit: number;
};

export type AdminAuditRow = {
  id: string;
  userId: string;
  actorEmail: string | null;
  workspaceId: string | null;
  action: string;
  summary: string;
  outcome: string;
  createdAt: Date;
};

/** Audit events of everyone matching every given filter, newest first. */
export async function searchAudit(f: AuditFilter, q: Queryable = db()): Promise<AdminAuditRow[]> {
  const where: Prisma.AuditEventWhereInput = {};
  if (f.userId) where.userId = f.userId;
  if (f.workspaceId) where.workspaceId = f.workspaceId;
  if (f.action) where.action = f.action.endsWith(".") ? { startsWith: f.action } : f.action;
  if (f.from || f.to)
    where.createdAt = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) };
  const rows = await q.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit,
  });
  // The trail has no foreign keys (it outlives accounts): emails are looked up, null when gone.
  const users = await q.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
    select: { id: true, email: true },
  });
  const email = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    actorEmail: email.get(r.userId) ?? null,
    workspaceId: r.workspaceId,
    action: r.action,
    summary: r.summary,
    outcome: r.outcome,
    createdAt: r.createdAt,
  }));
}

/** The stored values of these settings (missing keys are absent from the map). */
export async function readSettings(
  keys: readonly string[],
  q: Queryable = db(),
): Promise<Map<string, unknown>> {
  const rows = await q.setting.findMany({ where: { key: { in: [...keys] } } });
  return new Map(rows.map((r) => [r.key, r.value as unknown]));
}

/** Stores a setting; null removes it (the default applies again). */
export async function writeSetting(
  key: string,
  value: Prisma.InputJsonValue | null,
  updatedBy: string,
  q: Queryable = db(),
): Promise<void> {
  if (value === null) {
    await q.setting.deleteMany({ where: { key } });
    return;
  }
  await q.setting.upsert({ where: { key }, create: { key, value, updatedBy }, update: { value, updatedBy } });
}

/** Setting keys of the running-workspace limits an administrator set. */
export const QUOTA_KEYS = { perUser: "quota.maxRunningPerUser", total: "quota.maxRunningTotal" } as const;
export type QuotaOverrides = { perUser: number | null; total: number | null };

const positiveInt = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 1 ? v : null);

/** The administrator's running-workspace limits; null where the environment's default applies. */
export async function readQuotaOverrides(q: Queryable = db()): Promise<QuotaOverrides> {
  const s = await readSettings(Object.values(QUOTA_KEYS), q);
  return { perUser: positiveInt(s.get(QUOTA_KEYS.perUser)), total: positiveInt(s.get(QUOTA_KEYS.total)) };
}
