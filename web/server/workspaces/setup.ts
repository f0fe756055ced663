// A new workspace's setup (extensions, hooks, preview ports besides Nix): the template's extensions
// merged with what the person took over from the repository's own config. Stored on the row once,
// at create; the start pipeline reads it (web/server/extensions, web/server/workspaces/hooks.ts).
import {
  EXTENSION_ID_PATTERN,
  MAX_EXTENSIONS,
  type WorkspaceSetup,
  workspaceSetupSchema,
} from "../../contract/portable-config";

/** Extension ids compare without case (Open VSX does); the first spelling and version win. */
const extensionKey = (id: string) => id.split("@")[0]?.toLowerCase() ?? id;

export function mergeExtensions(...lists: string[][]): string[] {
  const out: string[] = [];
  for (const id of lists.flat()) {
    if (!EXTENSION_ID_PATTERN.test(id)) continue;
    if (out.some((e) => extensionKey(e) === extensionKey(id))) continue;
    if (out.length < MAX_EXTENSIONS) out.push(id);
  }
  return out;
}

/**
 * The setup to store, or null when there is nothing to run besides Nix. `templateExtensions` is what
 * the template names (workspaces/templates.ts templateExtensions).
 */
export function initialSetup(templateExtensions: string[], fromRepo?: WorkspaceSetup): WorkspaceSetup | null {
  const base = workspaceSetupSchema.parse(fromRepo ?? {});
  const setup = { ...base, extensions: mergeExtensions(templateExtensions, base.extensions) };
  const empty =
    !setup.extensions.length && !setup.onCreate.length && !setup.onStart.length && !setup.ports.length;
  return empty ? null : setup;
}
