import { adminRoute } from "@/server/admin/route";
import { adminStopWorkspace } from "@/server/admin/workspaces";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ id: string }>(async (_req, admin, { id }) => {
  await adminStopWorkspace(admin, id);
  return { ok: true };
});
