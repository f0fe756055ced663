import { archiveTemplateInput } from "@/contract/templates";
import { adminRoute } from "@/server/admin/route";
import { readJson } from "@/server/http/route";
import { archiveAdminTemplate } from "@/server/templates/admin";

export const dynamic = "force-dynamic";

export const POST = adminRoute<{ id: string }>(async (req, admin, { id }) => {
  const { archived } = await readJson(req, archiveTemplateInput);
  return { template: await archiveAdminTemplate(admin, id, archived) };
});
