import { z } from "zod";
import { deleteProviderKey, getProviderKey, setProviderKey } from "@/server/db/provider-keys";
import { authed, readJson } from "@/server/http/route";

export const dynamic = "force-dynamic";

const putSchema = z.object({
  apiKey: z
    .string()
    .trim()
    .min(8, "API key looks too short")
    .max(512)
    .regex(/^[\x21-\x7e]+$/, "API key may not contain spaces or control characters")
    .optional(),
  defaultModel: z.string().trim().min(1).max(200).nullable().optional(),
});

export const GET = authed(async (_req, user) => ({ key: await getProviderKey(user.id) }));

export const PUT = authed(async (req, user) => ({
  key: await setProviderKey(user.id, await readJson(req, putSchema)),
}));

export const DELETE = authed(async (_req, user) => {
  await deleteProviderKey(user.id);
  return { key: null };
});
