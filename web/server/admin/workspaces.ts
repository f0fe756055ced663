// Every workspace, for the admin console: owner, node and live resource use; stop or delete any
// of them through the lifecycle's own entry points (the same locks, audit and clean-up as the owner's).
import type { AdminWorkspaceView } from "../../contract/admin";
import type { WorkspaceStatus } from "../../contract/workspaces";
import { audit } from "../audit/audit";
import type { SessionUser } from "../auth/session";
import { listAllWorkspaces, workspaceOwner } from "../db/admin";
import { notFound } from "../errors";
import { runtime } from "../runtime/index";
import { deleteWorkspace, stopWorkspaceById } from "../workspaces/lifecycle";

export async function listWorkspaceViews(): Promise<AdminWorkspaceView[]> {
  const rows = await listAllWorkspaces();
  const rt = runtime();
  // Each workspace's own machine where the platform has several (Swarm), else the one engine's name.
  const [node, instances] = await Promise.all([rt.nodeName().catch(() => null), rt.list().catch(() => [])]);
  const placed = new Map(instances.flatMap((i) => (i.node ? [[i.workspaceId, i.node] as const] : [])));
  return Promise.all(
    rows.map(async (w) => ({
      id: w.id,
      name: w.name,
      status: w.status as WorkspaceStatus,
      statusMessage: w.statusMessage,
      owner: { id: w.userId, email: w.ownerEmail },
      node: w.status === "STOPPED" ? null : (placed.get(w.id) ?? node),
      memoryMb: w.memoryMb,
      cpus: w.cpus,
      // One sample per running workspace; a slow or failing engine leaves the figure empty.
      usage: w.status === "RUNNING" ? await rt.stats(w.id).catch(() => null) : null,
      lastActiveAt: w.lastActiveAt.toISOString(),
      createdAt: w.createdAt.toISOString(),
    })),
  );
}

export const ADMIN_STOP_MESSAGE = "Stopped by an administrator.";

async function target(id: string) {
  const w = await workspaceOwner(id);
  if (!w) throw notFound("Workspace not found");
  return w;
}

/** Stops any workspace; answers once it is stopped. */
export async function adminStopWorkspace(admin: SessionUser, id: string): Promise<void> {
  const w = await target(id);
  await audit({ userId: admin.id, workspaceId: id, action: "admin.workspace-stop", summary: w.name });
  await stopWorkspaceById(id, ADMIN_STOP_MESSAGE);
}

/** Deletes any workspace with its volumes (the owner's trail records the delete too). */
export async function adminDeleteWorkspace(admin: SessionUser, id: string): Promise<void> {
  const w = await target(id);
  await audit({ userId: admin.id, workspaceId: id, action: "admin.workspace-delete", summary: w.name });
  await deleteWorkspace(w.userId, id, w.name);
}
