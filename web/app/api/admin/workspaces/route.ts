import { adminRoute } from "@/server/admin/route";
import { listWorkspaceViews } from "@/server/admin/workspaces";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => ({ workspaces: await listWorkspaceViews() }));
