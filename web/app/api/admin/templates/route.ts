import { createTemplateInput } from "@/contract/templates";
import { adminRoute } from "@/server/admin/route";
import { readJson } from "@/server/http/route";
import { createAdminTemplate, listAdminTemplates } from "@/server/templates/admin";

export const dynamic = "force-dynamic";

export const GET = adminRoute(async () => ({ templates: await listAdminTemplates() }));

export const POST = adminRoute(async (req, admin) =>
  Response.json(
    { template: await createAdminTemplate(admin, await readJson(req, createTemplateInput)) },
    { status: 201 },
  ),
);
