import { existsSync } from "node:fs";
import path from "node:path";

// The repository root, found from the working directory (the custom server, Next and tests all run
// with cwd at the repo root or web/). Used for defaults such as the data folder and nix/ templates.
function findRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(path.join(dir, "turbo.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const repoRoot = findRoot();
