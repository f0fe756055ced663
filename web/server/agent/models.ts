// The model picker's list: OpenRouter's catalogue (provider.ts, cached for an hour)
// intersected with the operator's allowed list (KALPANA_MODELS). If OpenRouter cannot be reached
// the allowed list is still offered: it is the authority, the catalogue only adds names. The same
// catalogue gives each model's context window, which decides when a long thread is compacted.

import type { ModelView } from "../../contract/agent";
import { config } from "../config";
import { AppError } from "../errors";
import { logger } from "../log/log";
import { type CatalogueEntry, fetchModelCatalogue } from "./provider";

const TTL_MS = 60 * 60 * 1000;
// A failed fetch is remembered briefly, so every chat turn does not wait on an unreachable catalogue.
const FAILED_TTL_MS = 60 * 1000;
/**
 * The window assumed for a model the catalogue does not describe (or when it cannot be read):
 * small on purpose, since compacting early costs one summary call and overflowing fails the answer.
 */
export const DEFAULT_CONTEXT_WINDOW = 32_768;

type Catalogue = Map<string, CatalogueEntry>;
let cache: { at: number; base: string; entries: Catalogue | null } | undefined;

async function catalogue(base: string): Promise<Catalogue | null> {
  if (cache && cache.base === base) {
    const ttl = cache.entries ? TTL_MS : FAILED_TTL_MS;
    if (Date.now() - cache.at < ttl) return cache.entries;
  }
  try {
    const entries = await fetchModelCatalogue(base);
    cache = { at: Date.now(), base, entries };
    return entries;
  } catch (e) {
    logger("agent").error({ err: (e as Error).message }, "model list unavailable");
    cache = { at: Date.now(), base, entries: null };
    return null;
  }
}

/** The model's context window in tokens, from OpenRouter's list; DEFAULT_CONTEXT_WINDOW when unknown. */
export async function contextWindow(modelId: string): Promise<number> {
  const entries = await catalogue(config().OPENROUTER_BASE_URL);
  return entries?.get(modelId)?.contextLength ?? DEFAULT_CONTEXT_WINDOW;
}

export async function listModels(): Promise<{ models: ModelView[]; default: string }> {
  const c = config();
  const names = await catalogue(c.OPENROUTER_BASE_URL);
  const allowed = c.KALPANA_MODELS;
  const available = names ? allowed.filter((id) => names.has(id)) : allowed;
  // An empty intersection means the catalogue and the config disagree; offer the config's list.
  const ids = available.length ? available : allowed;
  return { models: ids.map((id) => ({ id, name: names?.get(id)?.name ?? id })), default: ids[0] ?? "" };
}

export function requireAllowedModel(model: string): string {
  if (!config().KALPANA_MODELS.includes(model)) {
    throw new AppError("invalid_argument", `Model "${model.slice(0, 100)}" is not allowed on this server`);
  }
  return model;
}
