import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

// Git asks "Username for ..." then "Password for ...". The script answers from ITS OWN
// environment, which the bridge fills for one git child only: the token is never written to
// a file, never in argv (visible in /proc to every process), never in .git/config.
export const ASKPASS_SCRIPT = `#!/bin/sh
case "$1" in
  Username*|username*) printf '%s\\n' "$KALPANA_GIT_USERNAME" ;;
  *) printf '%s\\n' "$KALPANA_GIT_PASSWORD" ;;
esac
`;

/** Written once at startup into a private temp folder; the content is static (no secrets). */
export async function installAskpass(dir?: string): Promise<string> {
  const folder = dir ?? (await mkdtemp(path.join(tmpdir(), "kalpana-askpass-")));
  const file = path.join(folder, "askpass.sh");
  await writeFile(file, ASKPASS_SCRIPT, { mode: 0o700 });
  return file;
}
