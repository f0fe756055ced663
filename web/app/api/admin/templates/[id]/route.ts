import { updateTemplateInput } from "@/contract/templates";
import { adminRoute } from "@/server/admin/route";
import { readJson } from "@/server/http/route";
import { getAdminTemplate, updateAdminTemplate } from "@/server/templates/admin";

export const dynamic = "force-dynamic";

type P = { id: string };

export const GET = adminRoute<P>(async (_req, _admin, { id }) => ({ template: await getAdminTemplate(id) }));

/** The template as it should be now; a changed flake.nix becomes the next version. */
export const PUT = adminRoute<P>(async (req, admin, { id }) => ({
  template: await updateAdminTemplate(admin, id, await readJson(req, updateTemplateInput)),
}));
