import { z } from "zod";
import { config } from "@/server/config";
import { revealProviderKey } from "@/server/db/provider-keys";
import { AppError } from "@/server/errors";
import { authed, readJson } from "@/server/http/route";
import { testProviderKey } from "@/server/settings/test-key";

export const dynamic = "force-dynamic";

// Tests the key typed into the form (not saved yet) or, without one, the stored key.
const bodySchema = z.object({ apiKey: z.string().trim().min(1).max(512).optional() });

export const POST = authed(async (req, user) => {
  const { apiKey } = await readJson(req, bodySchema);
  const key = apiKey ?? (await revealProviderKey(user.id));
  if (!key) throw new AppError("invalid_argument", "No API key to test: paste one first");
  return testProviderKey(key, config().OPENROUTER_BASE_URL);
});
