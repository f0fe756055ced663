// Every tool call leaves an AuditEvent (tool, secret-free argument summary, outcome, duration).
// Writes are queued and batched (auditSoon): a slow or failing audit write must never stall the agent.
import { auditSoon } from "../audit/audit";
import { scrubText } from "./redact";
import type { AuditRecord } from "./tools/index";

export { listAudit } from "../audit/audit";

export function auditSink(workspaceId: string, userId: string): (r: AuditRecord) => void {
  return (r) => {
    // Details are error texts from the workspace (git, the bridge): mask credentials they echo.
    const outcome = r.detail ? scrubText(`${r.outcome}: ${r.detail}`) : r.outcome;
    auditSoon({
      workspaceId,
      userId,
      action: `agent.${r.tool}`,
      summary: r.summary,
      outcome,
      durationMs: r.durationMs,
    });
  };
}
