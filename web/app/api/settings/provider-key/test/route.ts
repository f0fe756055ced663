import { keyTestInput } from "@/contract/settings";
import { audit } from "@/server/audit/audit";
import { config } from "@/server/config";
import { revealProviderKey } from "@/server/db/provider-keys";
import { AppError } from "@/server/errors";
import { limitKeyTest } from "@/server/http/limits";
import { authed, readJson } from "@/server/http/route";
import { testProviderKey } from "@/server/settings/test-key";

export const dynamic = "force-dynamic";

export const POST = authed(async (req, user) => {
  limitKeyTest(user.id);
  const { apiKey } = await readJson(req, keyTestInput);
  const key = apiKey ?? (await revealProviderKey(user.id));
  if (!key) throw new AppError("invalid_argument", "No API key to test: paste one first");
  const result = await testProviderKey(key, config().OPENROUTER_BASE_URL);
  await audit({
    userId: user.id,
    action: "settings.key-test",
    summary: apiKey ? `typed key …${apiKey.slice(-4)}` : "stored key",
    outcome: result.ok ? "ok" : "error",
  });
  return result;
});
