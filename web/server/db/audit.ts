// The audit repository: the only module that queries the AuditEvent table (no foreign keys: the
// trail outlives the workspace, see prisma/schema.prisma). Rows come out as plain typed values.
import { db } from "./client";
import type { Queryable } from "./tx";

export type AuditRow = {
  id: string;
  workspaceId: string | null;
  userId: string;
  action: string;
  summary: string;
  outcome: string;
  durationMs: number;
  createdAt: Date;
};

export type NewAuditEvent = Omit<AuditRow, "id" | "createdAt"> & { createdAt?: Date };

export async function insertAuditEvent(e: NewAuditEvent, q: Queryable = db()): Promise<void> {
  await q.auditEvent.create({ data: e });
}

/** Several events in one statement, in the order given. */
export async function insertAuditEvents(rows: NewAuditEvent[], q: Queryable = db()): Promise<void> {
  await q.auditEvent.createMany({ data: rows });
}

/** Newest first: one workspace's events, or one user's (across workspaces, also deleted ones). */
export function listAuditEvents(
  where: { workspaceId: string } | { userId: string },
  take: number,
  q: Queryable = db(),
): Promise<AuditRow[]> {
  return q.auditEvent.findMany({ where, orderBy: { createdAt: "desc" }, take });
}
