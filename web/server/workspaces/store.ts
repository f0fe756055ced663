// Workspace rows: ownership checks, the public view, and status writes that are also broadcast.
import { db } from "../db/client";
import { unlessMissing } from "../db/errors";
import { notFound } from "../errors";
import { publish } from "../realtime/io";
import { forgetBridgeEntry } from "./bridge";
import type { WorkspacePhase, WorkspaceStatus, WorkspaceView } from "./schema";

export type WorkspaceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["workspace"]["findUnique"]>>>;

export function toView(w: WorkspaceRow): WorkspaceView {
  return {
    id: w.id,
    name: w.name,
    template: w.template,
    nixConfigKind: w.nixConfigKind === "flake" || w.nixConfigKind === "shell" ? w.nixConfigKind : null,
    repoUrl: w.repoUrl,
    branch: w.branch,
    status: w.status,
    phase: (w.phase as WorkspacePhase | null) ?? null,
    statusMessage: w.statusMessage,
    memoryMb: w.memoryMb,
    cpus: w.cpus,
    lastActiveAt: w.lastActiveAt.toISOString(),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** The row if `userId` owns it; otherwise "not found" (never reveal that someone else's exists). */
export async function getOwned(userId: string, id: string): Promise<WorkspaceRow> {
  const w = await db().workspace.findUnique({ where: { id } });
  if (!w || w.userId !== userId) throw notFound("Workspace not found");
  return w;
}

export async function ownsWorkspace(userId: string, id: string): Promise<boolean> {
  const w = await db().workspace.findUnique({ where: { id }, select: { userId: true } });
  return w?.userId === userId;
}

export type StatePatch = {
  status: WorkspaceStatus;
  phase?: WorkspacePhase | null;
  message?: string | null;
  ports?: { bridge: number } | null;
  containerId?: string | null;
};

/**
 * Persists a status change and broadcasts it to the workspace's room. Null when the row was
 * deleted meanwhile (nothing to record); any other database failure rejects, so a state that
 * could not be stored is never reported as if it had been.
 */
export async function setState(id: string, patch: StatePatch): Promise<WorkspaceRow | null> {
  // A remembered bridge endpoint is only good for the start it was read in.
  if (patch.status !== "RUNNING" || patch.ports !== undefined) forgetBridgeEntry(id);
  const data: Record<string, unknown> = { status: patch.status };
  if (patch.phase !== undefined) data.phase = patch.phase;
  if (patch.message !== undefined) data.statusMessage = patch.message;
  if (patch.ports !== undefined) data.ports = patch.ports ?? undefined;
  if (patch.containerId !== undefined) data.containerId = patch.containerId;
  const row = await unlessMissing(db().workspace.update({ where: { id }, data }));
  if (row) publishState(row);
  return row;
}

/** Tells the workspace's room about a state that is already stored. */
export function publishState(row: WorkspaceRow): void {
  publish(row.id, "workspace:status", {
    id: row.id,
    status: row.status,
    phase: (row.phase as WorkspacePhase | null) ?? null,
    message: row.statusMessage,
  });
}

/** Records that the repository's clone and checkout finished (see repoClonedAt in the schema). */
export async function markCloned(id: string): Promise<void> {
  await unlessMissing(db().workspace.update({ where: { id }, data: { repoClonedAt: new Date() } }));
}

export function storedPorts(w: Pick<WorkspaceRow, "ports">): { bridge: number } | null {
  const p = w.ports as { bridge?: unknown } | null;
  return p && typeof p.bridge === "number" ? { bridge: p.bridge } : null;
}
