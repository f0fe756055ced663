// Which workspace image to run: KALPANA_WORKSPACE_IMAGE, else the tag images/index.ts names (the
// exact tag of the last `npm run images`).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { config } from "../config";
import { logger } from "../log/log";
import { repoRoot } from "../paths";

const log = logger("workspaces");

type ImagesModule = { workspaceImageTag?: () => string };
let loaded: Promise<ImagesModule | null> | undefined;

export async function workspaceImage(): Promise<string> {
  const configured = config().KALPANA_WORKSPACE_IMAGE;
  if (configured) return configured;
  // Imported at run time, not bundled: images/ is a sibling package (build code, .ts specifiers)
  // and the custom server process runs under tsx, which loads it for Next's route handlers too.
  const url = pathToFileURL(path.join(repoRoot, "images", "index.ts")).href;
  loaded ??= import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url).catch((err) => {
    log.error({ err: (err as Error).message }, "images/index.ts not loadable");
    return null;
  });
  const mod = await loaded;
  return mod?.workspaceImageTag?.() ?? "kalpana/workspace:latest";
}
