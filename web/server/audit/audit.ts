// The audit trail: what the agent or a person did, kept after the workspace is gone (no foreign
// keys, see prisma/schema.prisma). One function for every kind of event, so lifecycle actions,
// sign-ins, settings changes, tool calls and IDE/preview opens look alike in the table.
// Summaries must already be secret-free: callers pass names, ids and redacted argument text.
import type { AuditView } from "../../contract/agent";
import { type AuditRow, insertAuditEvent, listAuditEvents } from "../db/audit";
import { logger } from "../log/log";

const log = logger("audit");

export type AuditAction =
  | `workspace.${"create" | "start" | "stop" | "restart" | "delete" | "template-version" | "mcp-remote"}`
  | `auth.${"sign-in" | "sign-up" | "sign-out"}`
  | `settings.${"key-set" | "key-delete" | "key-test" | "model-set"}`
  | `variables.${"set" | "delete"}`
  | `${"ide" | "preview"}.open`
  | "git.credential"
  | `agent.${string}`
  | `admin.${"user-disable" | "user-enable" | "workspace-stop" | "workspace-delete" | "quota-set" | "orphans-clean"}`
  | `admin.template-${"create" | "update" | "archive" | "restore"}`;

export type AuditEntry = {
  userId: string;
  /** Null for account-level events (sign-in, settings). */
  workspaceId?: string | null;
  action: AuditAction;
  summary?: string;
  outcome?: string;
  durationMs?: number;
};

const SUMMARY_MAX = 2000;
const OUTCOME_MAX = 300;

/**
 * Records one event. Resolves when it is stored; never rejects: a failing audit write is logged
 * and must not fail (or stall) the action it describes. Await it where ordering matters.
 */
export async function audit(e: AuditEntry): Promise<void> {
  try {
    await insertAuditEvent({
      userId: e.userId,
      workspaceId: e.workspaceId ?? null,
      action: e.action,
      summary: (e.summary ?? "").slice(0, SUMMARY_MAX),
      outcome: (e.outcome ?? "ok").slice(0, OUTCOME_MAX),
      durationMs: Math.max(0, Math.round(e.durationMs ?? 0)),
    });
  } catch (err) {
    log.error({ action: e.action, err: (err as Error).message }, "could not record an audit event");
  }
}

const toView = (r: AuditRow): AuditView => ({
  id: r.id,
  action: r.action,
  summary: r.summary,
  outcome: r.outcome,
  durationMs: r.durationMs,
  createdAt: r.createdAt.toISOString(),
});
const take = (limit: number) => Math.min(Math.max(limit, 1), 500);

/** A workspace's events, newest first (the caller checked ownership). */
export async function listAudit(workspaceId: string, limit = 100): Promise<AuditView[]> {
  return (await listAuditEvents({ workspaceId }, take(limit))).map(toView);
}

/** A user's events across workspaces (also deleted ones) and account actions, newest first. */
export async function listUserAudit(userId: string, limit = 100): Promise<AuditView[]> {
  return (await listAuditEvents({ userId }, take(limit))).map(toView);
}
