// The one way to find the repository root: the nearest folder holding turbo.json. Scripts, benches,
// image builds, test fixtures and the web server (db/url.ts, templates) all use `repoRoot`.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest folder at or above `from` that holds turbo.json. */
export function findRepoRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "turbo.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no turbo.json in ${from} or any folder above it`);
  }
}

// From this file; else from the working directory, for a bundle (Next's route chunks) whose
// module URL may not point into the repository.
function locate(): string {
  try {
    return findRepoRoot();
  } catch {
    return findRepoRoot(process.cwd());
  }
}

export const repoRoot = locate();
