// Workspace reads for callers that act on behalf of a user: the ownership check and the public
// view. State changes go through state.ts (the one owner); queries live in db/workspaces.ts.

import type { WorkspaceView } from "../../contract/workspaces";
import { findOwned, parsePorts, type WorkspacePorts, type WorkspaceRow } from "../db/workspaces";
import { notFound } from "../errors";

export type { WorkspaceRow } from "../db/workspaces";

export function toView(w: WorkspaceRow): WorkspaceView {
  return {
    id: w.id,
    name: w.name,
    template: w.template,
    nixConfigKind: w.nixConfigKind,
    repoUrl: w.repoUrl,
    branch: w.branch,
    status: w.status,
    phase: w.phase,
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
  const w = await findOwned(userId, id);
  if (!w) throw notFound("Workspace not found");
  return w;
}

export async function ownsWorkspace(userId: string, id: string): Promise<boolean> {
  return (await findOwned(userId, id)) !== null;
}

/** The bridge port a row (or a raw stored `ports` value) records, or null. */
export function storedPorts(w: { ports: unknown }): WorkspacePorts | null {
  return parsePorts(w.ports);
}
