// The whole audit trail for administrators, filtered by actor, action, workspace and time range.
import type { AdminAuditView, AuditQuery } from "../../contract/admin";
import { flushAudit } from "../audit/audit";
import { searchAudit } from "../db/admin";

export async function searchAuditViews(q: AuditQuery): Promise<AdminAuditView[]> {
  await flushAudit(); // queued agent events (audit.ts) belong in the listing too
  const rows = await searchAudit({
    userId: q.actor,
    action: q.action,
    workspaceId: q.workspace,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    limit: q.limit,
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
