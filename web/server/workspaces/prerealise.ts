// Pre-realising templates into the host's shared Nix store (KALPANA_SHARED_NIX_STORE), so that even
// the FIRST workspace of a template skips the Nix build: run `npm run env:prerealise` after
// `npm run images` (a new image tag is a new generation) or after adding a team template; `--prune`
// deletes the generations nothing uses any more.
import { config } from "../config";
import { runtime } from "../runtime/index";
import { workspaceImage } from "./image";
import { nixModeEnv } from "./nix-files";
import { extraLabels } from "./provision";
import { listTemplates, templateFiles } from "./templates";

export type Prerealised = { template: string; ok: boolean; ms: number };

/** Every template (or those named), one after the other: realising is CPU- and disk-heavy. */
export async function prerealiseTemplates(only?: string[]): Promise<Prerealised[]> {
  if (!config().KALPANA_SHARED_NIX_STORE)
    throw new Error("KALPANA_SHARED_NIX_STORE is off: no workspace would use a pre-realised template");
  const rt = runtime();
  if (!rt.prepareNix) throw new Error("this runtime has no shared Nix store");
  const ids = (await listTemplates()).map((t) => t.id);
  const unknown = (only ?? []).filter((id) => !ids.includes(id));
  if (unknown.length) throw new Error(`no such template: ${unknown.join(", ")}`);
  const image = await workspaceImage();
  const labels = extraLabels(config().KALPANA_EXTRA_LABELS);
  const done: Prerealised[] = [];
  for (const id of only ?? ids) {
    const files = await templateFiles(id);
    if (files.length === 0) continue; // nothing to realise
    const t0 = performance.now();
    const ok = await rt.prepareNix({ image, env: nixModeEnv(), files, labels });
    done.push({ template: id, ok, ms: Math.round(performance.now() - t0) });
  }
  return done;
}

/**
 * Deletes the shared store's generations that no workspace uses and that no template would use now
 * (an older image tag, an edited or removed template). The names removed.
 */
export async function pruneGenerations(o: { keepTemplates?: boolean } = {}): Promise<string[]> {
  const rt = runtime();
  if (!rt.pruneNix) throw new Error("this runtime has no shared Nix store");
  const image = await workspaceImage();
  const labels = extraLabels(config().KALPANA_EXTRA_LABELS);
  const templates = o.keepTemplates === false ? [] : await listTemplates();
  const keep = (await Promise.all(templates.map((t) => templateFiles(t.id))))
    .filter((files) => files.length > 0)
    .map((files) => ({ image, env: nixModeEnv(), files, labels }));
  return rt.pruneNix(keep, labels);
}
