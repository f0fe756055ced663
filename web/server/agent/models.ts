// The model picker's list: OpenRouter's catalogue (provider.ts, cached for an hour)
// intersected with the operator's allowed list (KALPANA_MODELS). If OpenRouter cannot be reached
// the allowed list is still offered: it is the authority, the catalogue only adds names.

import type { ModelView } from "../../contract/agent";
import { config } from "../config";
import { AppError } from "../errors";
import { logger } from "../log/log";
import { fetchModelCatalogue } from "./provider";

const TTL_MS = 60 * 60 * 1000;
let cache: { at: number; base: string; names: Map<string, string> } | undefined;

async function catalogue(base: string): Promise<Map<string, string> | null> {
  if (cache && cache.base === base && Date.now() - cache.at < TTL_MS) return cache.names;
  try {
    const names = await fetchModelCatalogue(base);
    cache = { at: Date.now(), base, names };
    return names;
  } catch (e) {
    logger("agent").error({ err: (e as Error).message }, "model list unavailable");
    return null;
  }
}

export async function listModels(): Promise<{ models: ModelView[]; default: string }> {
  const c = config();
  const names = await catalogue(c.OPENROUTER_BASE_URL);
  const allowed = c.KALPANA_MODELS;
  const available = names ? allowed.filter((id) => names.has(id)) : allowed;
  // An empty intersection means the catalogue and the config disagree; offer the config's list.
  const ids = available.length ? available : allowed;
  return { models: ids.map((id) => ({ id, name: names?.get(id) ?? id })), default: ids[0] ?? "" };
}

export function requireAllowedModel(model: string): string {
  if (!config().KALPANA_MODELS.includes(model)) {
    throw new AppError("invalid_argument", `Model "${model.slice(0, 100)}" is not allowed on this server`);
  }
  return model;
}
