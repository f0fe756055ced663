import { auditQuerySchema } from "@/contract/admin";
import { searchAuditViews } from "@/server/admin/audit-log";
import { adminRoute } from "@/server/admin/route";
import { searchParams } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async (req) => ({
  events: await searchAuditViews(searchParams(req, auditQuerySchema)),
}));
