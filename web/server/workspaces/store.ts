// Workspace reads for callers that act on behalf of a user: the ownership check and the public
// view. State changes go through state.ts (the one owner); queries live in db/workspaces.ts.

import type { WorkspaceView } from "../../contract/workspaces";
import { currentVersions } from "../db/templates";
import { findOwned, parsePorts, type WorkspacePorts, type WorkspaceRow } from "../db/workspaces";
import { notFound } from "../errors";

export type { WorkspaceRow } from "../db/workspaces";

/** The view; `latest` is the admin template's newest version (viewOf/viewsOf look it up). */
export function toView(w: WorkspaceRow, latest: number | null = null): WorkspaceView {
  return {
    id: w.id,
    name: w.name,
    template: w.template,
    templateVersion: w.templateVersion,
    latestTemplateVersion: w.templateVersion === null ? null : (latest ?? w.templateVersion),
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

/** Views with their admin templates' newest versions (one query for all of them). */
export async function viewsOf(rows: WorkspaceRow[]): Promise<WorkspaceView[]> {
  const ids = [...new Set(rows.filter((w) => w.templateVersion !== null).map((w) => w.template))];
  const latest = await currentVersions(ids);
  return rows.map((w) => toView(w, latest.get(w.template) ?? null));
}

export async function viewOf(w: WorkspaceRow): Promise<WorkspaceView> {
  return (await viewsOf([w]))[0] as WorkspaceView;
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
