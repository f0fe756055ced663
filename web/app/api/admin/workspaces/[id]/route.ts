import { adminRoute } from "@/server/admin/route";
import { adminDeleteWorkspace } from "@/server/admin/workspaces";

export const dynamic = "force-dynamic";

export const DELETE = adminRoute<{ id: string }>(async (_req, admin, { id }) => {
  await adminDeleteWorkspace(admin, id);
  return { ok: true };
});
