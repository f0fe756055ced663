// The model for one answer. The user's own OpenRouter key (decrypted only here, for this call) wins
// over the server's; with neither, the person is told where to add one.
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import type { LanguageModel } from "ai";
import { config } from "../config";
import { revealProviderKey } from "../db/provider-keys";
import { AppError } from "../errors";

export const NO_KEY_MESSAGE =
  "No OpenRouter API key: add yours in Settings → Model provider (or ask the operator to set OPENROUTER_API_KEY).";

export function pickApiKey(userKey: string | null, serverKey: string | undefined): string {
  const key = userKey ?? serverKey;
  if (!key) throw new AppError("invalid_argument", NO_KEY_MESSAGE);
  return key;
}

export async function modelFor(userId: string, modelId: string): Promise<LanguageModel> {
  const c = config();
  const apiKey = pickApiKey(await revealProviderKey(userId), c.OPENROUTER_API_KEY);
  const openrouter = createOpenRouter({ apiKey, baseURL: c.OPENROUTER_BASE_URL, appName: "Kalpana" });
  return openrouter(modelId);
}
