// What the web app imports to know which workspace image to run (and to build it on demand).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WORKSPACE_REPO } from "./constants";
import { type BuildResult, buildImages } from "./lib/build-images";

export * from "./constants";
export type { BuildResult } from "./lib/build-images";

/**
 * This folder. A bundler (Next) may relocate this module, so fall back to the repo layout
 * seen from the working directory (repo root or web/), or $KALPANA_IMAGES_DIR.
 */
function imagesDir(): string {
  const candidates = [
    process.env.KALPANA_IMAGES_DIR,
    path.dirname(fileURLToPath(import.meta.url)),
    path.resolve(process.cwd(), "images"),
    path.resolve(process.cwd(), "..", "images"),
  ];
  const found = candidates.find((d) => d && existsSync(path.join(d, "base", "Dockerfile")));
  if (!found) throw new Error("cannot find the images/ folder; set KALPANA_IMAGES_DIR");
  return found;
}

/**
 * The workspace image to run: $KALPANA_WORKSPACE_IMAGE, else the exact tag of the last
 * `npm run images` on this machine, else `kalpana/workspace:latest`.
 */
export function workspaceImageTag(): string {
  if (process.env.KALPANA_WORKSPACE_IMAGE) return process.env.KALPANA_WORKSPACE_IMAGE;
  let manifest: string;
  try {
    manifest = path.join(imagesDir(), ".last-build.json");
  } catch {
    return `${WORKSPACE_REPO}:latest`;
  }
  if (existsSync(manifest)) {
    try {
      const tag = (JSON.parse(readFileSync(manifest, "utf8")) as BuildResult).workspace?.tag;
      if (tag) return tag;
    } catch {
      // A corrupt manifest only costs the exact tag; :latest names the same build.
    }
  }
  return `${WORKSPACE_REPO}:latest`;
}

/** Builds whatever is missing (no-op when up to date) and returns the tags. */
export function ensureImages(log?: (line: string) => void): Promise<BuildResult> {
  return buildImages(imagesDir(), log);
}
