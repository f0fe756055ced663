import { adminRoute } from "@/server/admin/route";
import { getTemplateVersion } from "@/server/templates/admin";

export const dynamic = "force-dynamic";

/** One version's flake.nix (old versions stay readable: workspaces may still use them). */
export const GET = adminRoute<{ id: string; version: string }>(async (_req, _admin, { id, version }) => ({
  version: await getTemplateVersion(id, /^\d{1,9}$/.test(version) ? Number(version) : Number.NaN),
}));
