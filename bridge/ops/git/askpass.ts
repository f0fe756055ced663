import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

// Git asks "Username for ..." then "Password for ...". The script answers from ITS OWN
// environment, which the bridge fills for one git child only: the token is never written to
// a file, never in argv (visible in /proc to every process), never in .git/config.
//
// It answers ONLY git's own prompts for the one origin the bridge chose for this call
// ("Username for 'https://github.com': ", "Password for 'https://x-access-token@github.com': "):
// a redirect, an insteadOf rewrite or an ssh passphrase prompt gets nothing, so git fails
// with an authentication error instead of handing the token to another host.
export const ASKPASS_SCRIPT = `#!/bin/sh
url=\${1#*\\'}
url=\${url%\\'*}
scheme=\${url%%://*}
rest=\${url#*://}
host=\${rest%%/*}
host=\${host##*@}
[ -n "$KALPANA_GIT_ORIGIN" ] && [ "$scheme://$host" = "$KALPANA_GIT_ORIGIN" ] || exit 1
case "$1" in
  Username*|username*) printf '%s\\n' "$KALPANA_GIT_USERNAME" ;;
  Password*|password*) printf '%s\\n' "$KALPANA_GIT_PASSWORD" ;;
  *) exit 1 ;;
esac
`;

/** Written once at startup into a private temp folder; the content is static (no secrets). */
export async function installAskpass(dir?: string): Promise<string> {
  const folder = dir ?? (await mkdtemp(path.join(tmpdir(), "kalpana-askpass-")));
  const file = path.join(folder, "askpass.sh");
  await writeFile(file, ASKPASS_SCRIPT, { mode: 0o700 });
  return file;
}
