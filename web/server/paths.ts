// The repository root (defaults such as the data folder and nix/ templates): the one finder in
// scripts/repo-root.ts, which also works from Next's route bundles (it falls back to the cwd).
export { repoRoot } from "../../scripts/repo-root";
