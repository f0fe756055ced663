import { setUserDisabledSchema } from "@/contract/admin";
import { adminRoute } from "@/server/admin/route";
import { setUserDisabled } from "@/server/admin/users";
import { readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const PATCH = adminRoute<{ id: string }>(async (req, admin, { id }) => {
  const { disabled } = await readJson(req, setUserDisabledSchema);
  await setUserDisabled(admin, id, disabled);
  return { ok: true };
});
