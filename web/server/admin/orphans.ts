// Orphans: labelled workspace containers and volumes whose workspace row no longer exists (a
// crash between removal steps, a database restored from an older backup). The reconciler only
// reports them; an administrator removes them here. Only objects carrying this server's extra
// labels (KALPANA_EXTRA_LABELS) are considered: another server sharing the engine (a test suite)
// labels its own, and a server without extra labels owns every Kalpana object on its engine.
import type { OrphanView } from "../../contract/admin";
import { audit } from "../audit/audit";
import type { SessionUser } from "../auth/session";
import { config } from "../config";
import { existingIds } from "../db/workspaces";
import { logger } from "../log/log";
import { runtime } from "../runtime/index";
import { extraLabels } from "../workspaces/provision";
import { removeOrphan } from "../workspaces/reconcile";

const log = logger("admin");

export async function listOrphans(): Promise<OrphanView[]> {
  const labels = extraLabels(config().KALPANA_EXTRA_LABELS);
  const [containers, volumes] = await Promise.all([runtime().list(labels), runtime().listVolumes(labels)]);
  const byId = new Map<string, OrphanView>();
  const entry = (workspaceId: string) => {
    const o = byId.get(workspaceId) ?? { workspaceId, ownerId: null, container: null, volumes: [] };
    byId.set(workspaceId, o);
    return o;
  };
  for (const c of containers) {
    if (!c.workspaceId) continue;
    const o = entry(c.workspaceId);
    o.container = { state: c.state };
    o.ownerId = c.ownerId;
  }
  for (const v of volumes) entry(v.workspaceId).volumes.push(v.name);
  if (byId.size === 0) return [];
  const known = await existingIds([...byId.keys()]);
  return [...byId.values()].filter((o) => !known.has(o.workspaceId));
}

/** Removes every orphan's container and volumes; the ids removed. */
export async function cleanOrphans(admin: SessionUser): Promise<string[]> {
  const removed: string[] = [];
  for (const o of await listOrphans()) {
    // removeOrphan re-checks the row: a workspace created meanwhile is never touched.
    await removeOrphan(o.workspaceId).then(
      () => removed.push(o.workspaceId),
      (err) => log.error({ workspaceId: o.workspaceId, err }, "orphan clean-up failed"),
    );
  }
  await audit({
    userId: admin.id,
    action: "admin.orphans-clean",
    summary: removed.length ? `removed ${removed.join(", ")}` : "nothing to remove",
  });
  return removed;
}
