// The audit trail: what the agent or a person did, kept after the workspace is gone (no foreign
// keys, see prisma/schema.prisma). One function for every kind of event, so lifecycle actions,
// sign-ins, settings changes, tool calls and IDE/preview opens look alike in the table.
// Summaries must already be secret-free: callers pass names, ids and redacted argument text.
import type { AuditView } from "../../contract/agent";
import {
  type AuditRow,
  insertAuditEvent,
  insertAuditEvents,
  listAuditEvents,
  type NewAuditEvent,
} from "../db/audit";
import { logger } from "../log/log";
import { processSlot } from "../process-state";

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

const rowOf = (e: AuditEntry, createdAt?: Date): NewAuditEvent => ({
  userId: e.userId,
  workspaceId: e.workspaceId ?? null,
  action: e.action,
  summary: (e.summary ?? "").slice(0, SUMMARY_MAX),
  outcome: (e.outcome ?? "ok").slice(0, OUTCOME_MAX),
  durationMs: Math.max(0, Math.round(e.durationMs ?? 0)),
  ...(createdAt ? { createdAt } : {}),
});

/**
 * Records one event. Resolves when it is stored; never rejects: a failing audit write is logged
 * and must not fail (or stall) the action it describes. Await it where ordering matters.
 */
export async function audit(e: AuditEntry): Promise<void> {
  try {
    await insertAuditEvent(rowOf(e));
  } catch (err) {
    log.error({ action: e.action, err: (err as Error).message }, "could not record an audit event");
  }
}

// Agent tool calls come dozens a second under load, and with SQLite every write runs on the event
// loop: their events are queued and written together, one statement per batch. Each is stamped
// when it happens (createdAt), so the trail's order is the order of the calls whenever the batch
// lands; the reads below flush first (this process's events are never missing from a listing),
// and graceful shutdown flushes what is left.
export const AUDIT_BATCH_MS = 50;
const BATCH_MAX = 200;
type Queue = { rows: NewAuditEvent[]; timer?: NodeJS.Timeout; writing: Promise<void> };
const queue = processSlot("audit-queue", (): Queue => ({ rows: [], writing: Promise.resolve() }));

/** Records an event without waiting: written within AUDIT_BATCH_MS with the others queued. */
export function auditSoon(e: AuditEntry): void {
  queue.rows.push(rowOf(e, new Date()));
  if (queue.rows.length >= BATCH_MAX) void flushAudit();
  else queue.timer ??= setTimeout(() => void flushAudit(), AUDIT_BATCH_MS);
}

/** Writes every queued event; resolves once they (and batches before them) are stored. Never rejects. */
export function flushAudit(): Promise<void> {
  clearTimeout(queue.timer);
  queue.timer = undefined;
  const rows = queue.rows.splice(0);
  // One batch after another: a later batch never lands before an earlier one.
  queue.writing = queue.writing.then(async () => {
    if (rows.length === 0) return;
    try {
      await insertAuditEvents(rows);
    } catch (err) {
      const actions = [...new Set(rows.map((r) => r.action))];
      log.error(
        { actions, count: rows.length, err: (err as Error).message },
        "could not record audit events",
      );
    }
  });
  return queue.writing;
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
  await flushAudit();
  return (await listAuditEvents({ workspaceId }, take(limit))).map(toView);
}

/** A user's events across workspaces (also deleted ones) and account actions, newest first. */
export async function listUserAudit(userId: string, limit = 100): Promise<AuditView[]> {
  await flushAudit();
  return (await listAuditEvents({ userId }, take(limit))).map(toView);
}
