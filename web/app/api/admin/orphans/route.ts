import { cleanOrphans, listOrphans } from "@/server/admin/orphans";
import { adminRoute } from "@/server/admin/route";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => ({ orphans: await listOrphans() }));

/** Removes every orphan (containers and volumes without a workspace row). */
export const DELETE = adminRoute(async (_req, admin) => ({ removed: await cleanOrphans(admin) }));
