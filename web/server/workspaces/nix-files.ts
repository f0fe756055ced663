// What goes into the container before start: the bridge secret and the Nix configuration. They travel
// via putArchive only (never env or labels); the secret file is 0400 and owned by the workspace user.

import { config } from "../config";
import type { WorkspaceRow } from "../db/workspaces";
import type { NixConfigFile, RuntimeFile } from "../runtime/index";
import { plainBridgeSecret } from "./bridge";
import { templateFiles } from "./templates";

export const SECRET_PATH = "/etc/kalpana/bridge.secret";
export const NIX_ENV_DIR = "/home/coder/.kalpana/env";
export const NIX_STATUS_PATH = "/home/coder/.kalpana/env-status.json";

/**
 * What the host's shared Nix store realises for this workspace (KALPANA_SHARED_NIX_STORE): its
 * template's files, never a person's own configuration (that is realised in their workspace only).
 */
export async function sharedNixConfig(w: WorkspaceRow): Promise<{ files: NixConfigFile[] } | undefined> {
  if (!config().KALPANA_SHARED_NIX_STORE || w.nixConfig) return undefined;
  const files = await templateFiles(w.template, w.templateVersion);
  return files.length ? { files } : undefined;
}

/** The container env that decides how Nix realises (also in provision.ts extraEnv; a generation's key). */
export function nixModeEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  if (config().KALPANA_NIX_STUB) env.KALPANA_NIX_STUB = "1";
  if (config().KALPANA_NIX_OFFLINE) env.KALPANA_NIX_OFFLINE = "1";
  return env;
}

/**
 * The files a start writes: the bridge secret, the Nix config (the workspace's own, else its
 * template's, for an admin template the version the workspace records) and a fresh status marker.
 */
export async function startFiles(w: WorkspaceRow): Promise<{ files: RuntimeFile[]; dirs: string[] }> {
  const files: RuntimeFile[] = [{ path: SECRET_PATH, content: `${plainBridgeSecret(w)}\n`, mode: 0o400 }];
  if (w.nixConfig) {
    const name = w.nixConfigKind === "shell" ? "shell.nix" : "flake.nix";
    files.push({ path: `${NIX_ENV_DIR}/${name}`, content: w.nixConfig });
  } else {
    for (const f of await templateFiles(w.template, w.templateVersion))
      files.push({ path: `${NIX_ENV_DIR}/${f.name}`, content: f.content });
  }
  // A stale "ready" from the previous run must not be mistaken for this run's result: kalpana-env
  // overwrites this marker as soon as it starts. The image's entrypoint writes it too, before the
  // bridge starts, on every container start.
  files.push({
    path: NIX_STATUS_PATH,
    content: `${JSON.stringify({ state: "pending", message: "waiting for start", hash: null, startedAt: 0, finishedAt: null })}\n`,
  });
  return { files, dirs: [NIX_ENV_DIR] };
}
