// The only client of the model provider (OpenRouter): the model for one answer (through the AI SDK
// provider), the catalogue behind the model picker and the context windows, and the key check on the settings page. The
// user's own OpenRouter key (decrypted only here, for this call) wins over the server's; with
// neither, the person is told where to add one. A key only ever goes into the Authorization header.
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import type { LanguageModel } from "ai";
import { config } from "../config";
import { revealProviderKey } from "../db/provider-keys";
import { chargeServerKey } from "../db/server-key-usage";
import { AppError } from "../errors";

export const NO_KEY_MESSAGE =
  "No OpenRouter API key: add yours in Settings → Model provider (or ask the operator to set OPENROUTER_API_KEY).";

export function pickApiKey(userKey: string | null, serverKey: string | undefined): string {
  const key = userKey ?? serverKey;
  if (!key) throw new AppError("invalid_argument", NO_KEY_MESSAGE);
  return key;
}

/**
 * `charge: false` is for the thread-title call: at most one per thread, made right after a charged
 * answer, so it does not use up one of the person's daily requests on the server's key.
 */
export async function modelFor(
  userId: string,
  modelId: string,
  { charge = true } = {},
): Promise<LanguageModel> {
  const c = config();
  const userKey = await revealProviderKey(userId);
  const apiKey = pickApiKey(userKey, c.OPENROUTER_API_KEY);
  // The server's key is shared: each user gets a daily number of requests on it (429 past that).
  if (!userKey && charge) await chargeServerKey(userId, c.KALPANA_SERVER_KEY_DAILY_LIMIT);
  const openrouter = createOpenRouter({ apiKey, baseURL: c.OPENROUTER_BASE_URL, appName: "Kalpana" });
  // Usage accounting: OpenRouter then reports each request's cost with its token counts (usage.ts).
  return openrouter(modelId, { usage: { include: true } });
}

/** GET <base><path> on OpenRouter (or an OpenAI-compatible server), with a bearer key if given. */
export function openRouterGet(
  baseUrl: string,
  path: string,
  o: { apiKey?: string; timeoutMs: number; fetchImpl?: typeof fetch },
): Promise<Response> {
  return (o.fetchImpl ?? fetch)(`${baseUrl.replace(/\/$/, "")}${path}`, {
    headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {},
    signal: AbortSignal.timeout(o.timeoutMs),
  });
}

/** One catalogue entry: the display name and, when the provider says, the context window in tokens. */
export type CatalogueEntry = { name: string; contextLength?: number };

/** OpenRouter's model catalogue (GET /models): id → name and context window. Throws when it cannot be read. */
export async function fetchModelCatalogue(baseUrl: string): Promise<Map<string, CatalogueEntry>> {
  const res = await openRouterGet(baseUrl, "/models", { timeoutMs: 5000 });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as {
    data?: Array<{ id?: unknown; name?: unknown; context_length?: unknown }>;
  };
  const entries = new Map<string, CatalogueEntry>();
  for (const m of body.data ?? []) {
    if (typeof m.id !== "string") continue;
    const n = m.context_length;
    entries.set(m.id, {
      name: typeof m.name === "string" ? m.name : m.id,
      ...(typeof n === "number" && Number.isInteger(n) && n > 0 ? { contextLength: n } : {}),
    });
  }
  return entries;
}
