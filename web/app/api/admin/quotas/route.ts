import { quotaInputSchema } from "@/contract/admin";
import { quotaView, setQuotas } from "@/server/admin/quotas";
import { adminRoute } from "@/server/admin/route";
import { readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => ({ quotas: await quotaView() }));

export const PUT = adminRoute(async (req, admin) => ({
  quotas: await setQuotas(admin, await readJson(req, quotaInputSchema)),
}));
