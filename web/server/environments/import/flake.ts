// A repository's own flake.nix: used as is when it declares a development shell (kalpana-env runs
// `nix print-dev-env` on devShells.<system>.default). It is never evaluated here; the check is only
// that the text names devShells (or the older devShell), so a library-only flake is not offered.
import type { ImportedConfig } from "../../../contract/portable-config";

export class FlakeError extends Error {}

export function convertFlake(text: string): ImportedConfig {
  // Comments do not count: a flake that only mentions devShells in a comment has none.
  const code = text.replace(/#[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
  if (!/\bdevShells?\b/.test(code))
    throw new FlakeError(
      "flake.nix declares no devShells: Kalpana needs devShells.<system>.default (a pkgs.mkShell) to use it.",
    );
  // The file is copied alone into ~/.kalpana/env: relative paths and its lock do not come along.
  const warnings = /(^|[\s[(=])\.\.?\//m.test(code)
    ? [
        "flake.nix refers to files beside it (./…): only flake.nix is copied into ~/.kalpana/env, so those paths will not be found there.",
      ]
    : [];
  return {
    source: "flake",
    path: "flake.nix",
    nixConfig: text,
    nixConfigKind: "flake",
    packages: [],
    env: [],
    setup: { onCreate: [], onStart: [], ports: [], extensions: [] },
    warnings,
  };
}
