// A stand-in `nix` for running the image's real kalpana-env on the host: `nix print-dev-env` fails
// like Nix on a config that mentions BROKEN, and otherwise prints an env script exporting
// KALPANA_TEST_TOOL=<the first tool-xxx word of the config>.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { findRepoRoot } from "../../../scripts/repo-root";

export const KALPANA_ENV = path.join(findRepoRoot(), "images/workspace/rootfs/opt/kalpana/kalpana-env.mjs");

const FAKE_NIX = `#!/bin/sh
if grep -rq BROKEN . 2>/dev/null; then
  echo "error: undefined variable 'BROKEN'" >&2
  echo "       at /home/coder/.kalpana/env/flake.nix:3:5" >&2
  exit 1
fi
echo "export KALPANA_TEST_TOOL=$(cat flake.nix shell.nix 2>/dev/null | grep -o 'tool-[a-z]*' | head -1)"
`;

/** Writes <home>/bin/nix and makes <home>/.kalpana/env; returns the folder to put first on PATH. */
export async function installFakeNix(home: string): Promise<string> {
  await mkdir(path.join(home, ".kalpana", "env"), { recursive: true });
  await mkdir(path.join(home, "bin"), { recursive: true });
  await writeFile(path.join(home, "bin", "nix"), FAKE_NIX);
  await chmod(path.join(home, "bin", "nix"), 0o755);
  return path.join(home, "bin");
}
