import { providerKeyInput } from "@/contract/settings";
import { deleteProviderKey, getProviderKey, setProviderKey } from "@/server/db/provider-keys";
import { authed, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = authed(async (_req, user) => ({ key: await getProviderKey(user.id) }));

export const PUT = authed(async (req, user) => ({
  key: await setProviderKey(user.id, await readJson(req, providerKeyInput)),
}));

export const DELETE = authed(async (_req, user) => {
  await deleteProviderKey(user.id);
  return { key: null };
});
