// The workspace repository: the only module that queries the Workspace (and QuotaLock) tables.
// Rows come out typed (ports, phase and Nix kind parsed), so no caller sees Prisma's Json or model
// types. Every function takes an optional `q` (the client or a transaction from inTx).

import { fieldIssues } from "../../contract/errors";
import { type WorkspaceSetup, workspaceSetupSchema } from "../../contract/portable-config";
import {
  type PhaseLog,
  phaseLogSchema,
  type WorkspacePhase,
  type WorkspaceStatus,
} from "../../contract/workspaces";
import type { Workspace as PrismaWorkspace } from "../../generated/prisma/client";
import { AppError } from "../errors";
import { type Db, db } from "./client";
import { isParentMissing, isUniqueViolation, unlessMissing } from "./errors";
import { inTx, type Queryable, type Tx } from "./tx";

export type WorkspacePorts = { bridge: number };

/** A workspace as stored; `bridgeSecret` is still encrypted (only workspaces/bridge.ts decrypts). */
export type WorkspaceRow = Omit<PrismaWorkspace, "ports" | "phase" | "nixConfigKind" | "status" | "setup"> & {
  status: WorkspaceStatus;
  /** Extensions, hooks and ports besides Nix; an empty setup when none was stored. */
  setup: WorkspaceSetup;
  ports: WorkspacePorts | null;
  phase: WorkspacePhase | null;
  nixConfigKind: "flake" | "shell" | null;
};

/** What a new workspace is created with (status and phase are the caller's first state). */
export type NewWorkspace = {
  userId: string;
  name: string;
  template: string;
  /** The admin template's version (Template/TemplateVersion); null for every other template. */
  templateVersion?: number | null;
  nixConfig?: string | null;
  nixConfigKind?: "flake" | "shell" | null;
  repoUrl?: string | null;
  branch?: string | null;
  setup?: WorkspaceSetup | null;
  bridgeSecret: string;
  memoryMb: number;
  cpus: number;
  pidsLimit: number;
};

/** The state columns a transition writes; undefined leaves a column as it is, null clears it. */
export type WorkspaceStateWrite = {
  status: WorkspaceStatus;
  phase?: WorkspacePhase | null;
  statusMessage?: string | null;
  ports?: WorkspacePorts | null;
  containerId?: string | null;
};

/** The bridge port in a stored `ports` value, or null when none was recorded. */
export function parsePorts(ports: unknown): WorkspacePorts | null {
  const p = ports as { bridge?: unknown } | null;
  return p && typeof p.bridge === "number" ? { bridge: p.bridge } : null;
}

const EMPTY_SETUP: WorkspaceSetup = { onCreate: [], onStart: [], ports: [], extensions: [] };

/** A stored setup, checked again on the way out: an unreadable one (hand-edited) counts as none. */
export function parseSetup(setup: unknown): WorkspaceSetup {
  const parsed = workspaceSetupSchema.safeParse(setup ?? {});
  return parsed.success ? parsed.data : EMPTY_SETUP;
}

function toRow(w: PrismaWorkspace): WorkspaceRow {
  return {
    ...w,
    setup: parseSetup(w.setup),
    status: w.status as WorkspaceStatus,
    ports: parsePorts(w.ports),
    phase: (w.phase as WorkspacePhase | null) ?? null,
    nixConfigKind: w.nixConfigKind === "flake" || w.nixConfigKind === "shell" ? w.nixConfigKind : null,
  };
}

const rowOrNull = (w: PrismaWorkspace | null) => (w ? toRow(w) : null);

/**
 * THE ownership query: the row if `userId` owns workspace `id`, else null. Callers answer "not
 * found" either way, so nobody learns that someone else's workspace exists.
 */
export async function findOwned(
  userId: string,
  id: string,
  q: Queryable = db(),
): Promise<WorkspaceRow | null> {
  const w = await q.workspace.findUnique({ where: { id } });
  return w && w.userId === userId ? toRow(w) : null;
}

export async function findWorkspace(id: string, q: Queryable = db()): Promise<WorkspaceRow | null> {
  return rowOrNull(await q.workspace.findUnique({ where: { id } }));
}

export async function listOwned(userId: string, q: Queryable = db()): Promise<WorkspaceRow[]> {
  const rows = await q.workspace.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toRow);
}

export async function listByStatus(
  statuses: readonly WorkspaceStatus[],
  q: Queryable = db(),
): Promise<WorkspaceRow[]> {
  const rows = await q.workspace.findMany({ where: { status: { in: [...statuses] } } });
  return rows.map(toRow);
}

/** Which of `ids` are RUNNING. */
export async function runningAmong(ids: string[], q: Queryable = db()): Promise<string[]> {
  const rows = await q.workspace.findMany({
    where: { id: { in: ids }, status: "RUNNING" },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Which of `ids` have a row. */
export async function existingIds(ids: string[], q: Queryable = db()): Promise<Set<string>> {
  const rows = await q.workspace.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

export async function nameInUse(userId: string, name: string, q: Queryable = db()): Promise<boolean> {
  return Boolean(await q.workspace.findFirst({ where: { userId, name }, select: { id: true } }));
}

/** The encrypted bridge secret, or null when the workspace is gone. */
export async function bridgeSecretOf(id: string, q: Queryable = db()): Promise<string | null> {
  const w = await q.workspace.findUnique({ where: { id }, select: { bridgeSecret: true } });
  return w?.bridgeSecret ?? null;
}

/** Workspaces in STARTING/RUNNING, of one user or of everyone, leaving `exceptId` out. */
export function countLive(
  q: Queryable,
  { userId, exceptId }: { userId?: string; exceptId: string },
): Promise<number> {
  return q.workspace.count({
    where: { status: { in: ["STARTING", "RUNNING"] }, id: { not: exceptId }, ...(userId ? { userId } : {}) },
  });
}

/** Writes a state; null when the row was deleted meanwhile. Other failures reject. */
export async function writeState(
  id: string,
  s: WorkspaceStateWrite,
  q: Queryable = db(),
): Promise<WorkspaceRow | null> {
  const data: Record<string, unknown> = { status: s.status };
  if (s.phase !== undefined) data.phase = s.phase;
  if (s.statusMessage !== undefined) data.statusMessage = s.statusMessage;
  if (s.ports !== undefined) data.ports = s.ports ?? undefined;
  if (s.containerId !== undefined) data.containerId = s.containerId;
  return rowOrNull(await unlessMissing(q.workspace.update({ where: { id }, data })));
}

export async function createWorkspaceRow(
  data: NewWorkspace,
  first: Pick<WorkspaceStateWrite, "status" | "phase" | "statusMessage">,
  q: Queryable = db(),
): Promise<WorkspaceRow> {
  try {
    const { setup, ...rest } = data;
    return toRow(await q.workspace.create({ data: { ...rest, ...first, setup: setup ?? undefined } }));
  } catch (err) {
    // Two creates with the same name racing: the unique index decides, answered like the pre-check.
    throw isUniqueViolation(err) ? workspaceNameTaken(data.name) : err;
  }
}

/** The answer to a name the user already has (the create form shows it beside the name field). */
export function workspaceNameTaken(name: string): AppError {
  const message = `You already have a workspace named "${name}"`;
  return new AppError("conflict", message, fieldIssues("name", message));
}

/** The workspace's own Nix configuration from now on (the agent changed it and it realised). */
export async function writeNixConfig(
  id: string,
  c: { kind: "flake" | "shell"; content: string },
  q: Queryable = db(),
): Promise<void> {
  await unlessMissing(
    q.workspace.update({ where: { id }, data: { nixConfig: c.content, nixConfigKind: c.kind } }),
  );
}

/**
 * Moves the workspace to `version` of its admin template, only forward: false when it is gone, uses
 * no admin template, or is already at `version` or later (a second click, another tab).
 */
export async function writeTemplateVersion(
  id: string,
  version: number,
  q: Queryable = db(),
): Promise<boolean> {
  const r = await q.workspace.updateMany({
    where: { id, templateVersion: { lt: version } },
    data: { templateVersion: version },
  });
  return r.count === 1;
}

/** The person's opt-in to the workspace's remote MCP servers; a workspace deleted meanwhile is ignored. */
export async function writeMcpRemote(id: string, allow: boolean, q: Queryable = db()): Promise<void> {
  await q.workspace.updateMany({ where: { id }, data: { mcpRemote: allow } });
}

export async function markCloned(id: string, q: Queryable = db()): Promise<void> {
  await unlessMissing(q.workspace.update({ where: { id }, data: { repoClonedAt: new Date() } }));
}

/** Stores the last activity; a workspace deleted meanwhile is ignored. */
export async function writeLastActive(id: string, at: Date, q: Queryable = db()): Promise<void> {
  await unlessMissing(q.workspace.update({ where: { id }, data: { lastActiveAt: at } }));
}

/** Deletes the row; null when it was already gone (a double click). */
export async function deleteWorkspaceRow(id: string, q: Queryable = db()): Promise<WorkspaceRow | null> {
  return rowOrNull(await unlessMissing(q.workspace.delete({ where: { id } })));
}

/**
 * Runs `fn` in a transaction that first takes the QuotaLock row, so every quota claim — in any web
 * process, on SQLite (write lock) and PostgreSQL (row lock) — waits for the one before it.
 */
export function inQuotaTurn<T>(fn: (tx: Tx) => Promise<T>, client: Db = db()): Promise<T> {
  return inTx(async (tx) => {
    // The first statement is a write, so SQLite takes its write lock at once (no deadlock on a
    // read→write upgrade) and PostgreSQL holds the row until commit.
    await tx.quotaLock.upsert({
      where: { id: 1 },
      create: { id: 1, turns: 1 },
      update: { turns: { increment: 1 } },
    });
    return fn(tx);
  }, client);
}

/** How many workspaces are in each status (statuses with none are absent). For /metrics. */
export async function countByStatus(q: Queryable = db()): Promise<Map<string, number>> {
  const rows = await q.workspace.groupBy({ by: ["status"], _count: { _all: true } });
  return new Map(rows.map((r) => [r.status, r._count._all]));
}

// ---- the start report (its own table: lists never load it) ----

const storedReport = phaseLogSchema.array();

/** Stores the report of the current start; a workspace deleted meanwhile is ignored. */
export async function writeStartReport(id: string, phases: PhaseLog[], q: Queryable = db()): Promise<void> {
  try {
    await q.startReport.upsert({
      where: { workspaceId: id },
      create: { workspaceId: id, phases },
      update: { phases },
    });
  } catch (err) {
    if (!isParentMissing(err)) throw err;
  }
}

/** The stored report of the last start, or null (never started, or unreadable: shown as pending). */
export async function readStoredStartReport(id: string, q: Queryable = db()): Promise<PhaseLog[] | null> {
  const row = await q.startReport.findUnique({ where: { workspaceId: id } });
  const parsed = storedReport.safeParse(row?.phases);
  return parsed.success ? parsed.data : null;
}
