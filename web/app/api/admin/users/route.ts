import { adminRoute } from "@/server/admin/route";
import { listUserViews } from "@/server/admin/users";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => ({ users: await listUserViews() }));
