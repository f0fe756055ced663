// Every tool call leaves an AuditEvent (tool, secret-free argument summary, outcome, duration).
// Writes are fire-and-forget: a slow or failing audit write must never stall the agent.
import { db } from "../db/client";
import type { AuditRecord } from "./tools/index";
import type { AuditView } from "./types";

export function auditSink(workspaceId: string, userId: string): (r: AuditRecord) => void {
  return (r) => {
    const outcome = r.detail ? `${r.outcome}: ${r.detail}`.slice(0, 300) : r.outcome;
    db()
      .auditEvent.create({
        data: {
          workspaceId,
          userId,
          action: `agent.${r.tool}`,
          summary: r.summary,
          outcome,
          durationMs: r.durationMs,
        },
      })
      .catch((e) => console.error("[agent] audit write failed:", (e as Error).message));
  };
}

export async function listAudit(workspaceId: string, limit = 100): Promise<AuditView[]> {
  const rows = await db().auditEvent.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(limit, 1), 500),
  });
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    summary: r.summary,
    outcome: r.outcome,
    durationMs: r.durationMs,
    createdAt: r.createdAt.toISOString(),
  }));
}
