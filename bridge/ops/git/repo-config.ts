// git honours the repository's own config, and that config can name programs: a cloned
// repository (or anything in the workspace) can make `git status` run a command of its choosing.
// The bridge's git therefore (1) reads no system or global config at all (GIT_CONFIG_* in
// args.ts gitEnv), (2) reads the repository's effective config, includes followed, and
// overrides every key that names a program with a `-c` (command-line config wins over every
// file), and (3) refuses to hand credentials to a call whose repository config could redirect
// or intercept the connection. The person's own git in the terminal is untouched: all of this
// lives in the argv and env of the bridge's git children only. docs/SECURITY.md lists the keys.
import { BridgeError } from "../errors";

/** Overrides every bridge git call gets, whatever the config says (see docs/SECURITY.md). */
export const FIXED_OVERRIDES: [string, string][] = [
  ["core.fsmonitor", "false"],
  ["core.pager", "cat"],
  ["core.editor", "true"],
  ["sequence.editor", "true"],
  ["core.askPass", ""],
  ["core.sshCommand", "ssh -o BatchMode=yes"],
  ["core.alternateRefsCommand", ""],
  ["diff.external", ""],
  ["credential.helper", ""],
  ["commit.gpgSign", "false"],
  ["tag.gpgSign", "false"],
  ["push.gpgSign", "false"],
  ["log.showSignature", "false"],
  ["gpg.program", "false"],
  ["gpg.openpgp.program", "false"],
  ["gpg.ssh.program", "false"],
  ["gpg.x509.program", "false"],
  ["gpg.ssh.defaultKeyCommand", ""],
  ["protocol.ext.allow", "never"],
  ["submodule.recurse", "false"],
  ["fetch.recurseSubmodules", "false"],
  ["push.recurseSubmodules", "no"],
  ["status.submoduleSummary", "false"],
  ["diff.ignoreSubmodules", "all"],
  // A bare repository hidden in the work tree (vendor/x.git with core.worktree and fsmonitor)
  // is used only when named explicitly (GIT_DIR, as checkpoints do), never by discovery.
  ["safe.bareRepository", "explicit"],
  ["core.quotePath", "false"],
  ["color.ui", "false"],
];

/**
 * Per-name keys (`<section>.<name>.<var>`) that name a program, and the harmless value that
 * replaces each one found. An empty filter command means "no filter"; textconv and merge
 * drivers need a command, so they get ones that change nothing.
 */
const PER_NAME: Record<string, Record<string, string>> = {
  filter: { clean: "", smudge: "", process: "", required: "false" },
  diff: { command: "", textconv: "cat" },
  merge: { driver: "false" },
  hook: { command: "true" },
};
/** Two-level keys with a program per subcommand or tool: `pager.<cmd>` must be off. */
const TWO_LEVEL_OFF = new Set(["pager"]);

/** Keys whose presence makes a credentialed call refuse: they can send traffic elsewhere. */
const REDIRECTING = [/^url\./, /^http\./, /^core\.gitproxy$/, /^remote\.[^.]+\.proxy$/];

/** Split `git config --list -z` output ("key\nvalue\0...") into keys, lowercased except subsections. */
export function parseConfigKeys(raw: string): string[] {
  return raw
    .split("\0")
    .filter(Boolean)
    .map((rec) => rec.split("\n", 1)[0]!);
}

function splitKey(key: string): { section: string; sub?: string; name: string } {
  const first = key.indexOf(".");
  const last = key.lastIndexOf(".");
  if (first === last)
    return { section: key.slice(0, first).toLowerCase(), name: key.slice(last + 1).toLowerCase() };
  return {
    section: key.slice(0, first).toLowerCase(),
    sub: key.slice(first + 1, last),
    name: key.slice(last + 1).toLowerCase(),
  };
}

/** `-c` arguments that neutralise what the given config keys would run. Pure, for tests. */
export function neutralise(keys: string[]): string[] {
  const args: string[] = [];
  const seen = new Set<string>();
  const add = (k: string, v: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    args.push("-c", `${k}=${v}`);
  };
  for (const [k, v] of FIXED_OVERRIDES) add(k, v);
  for (const key of keys) {
    const { section, sub, name } = splitKey(key);
    if (sub === undefined) {
      if (TWO_LEVEL_OFF.has(section)) add(`${section}.${name}`, "false");
      continue;
    }
    const table = PER_NAME[section];
    if (!table) continue;
    // One driver found: neutralise all of its program keys, not only the one that was set.
    for (const [n, v] of Object.entries(table)) add(`${section}.${sub}.${n}`, v);
  }
  return args;
}

/** Throws when the config has keys that could redirect or intercept a credentialed connection. */
export function assertNoRedirects(keys: string[]): void {
  const bad = keys.filter((k) => REDIRECTING.some((re) => re.test(k.toLowerCase())));
  if (bad.length > 0) {
    throw new BridgeError(
      "EINVAL",
      `refusing to send credentials: the repository's git config sets ${[...new Set(bad)].slice(0, 5).join(", ")}, ` +
        "which can send the connection elsewhere. Remove it (git config --unset ...) or push from the terminal.",
    );
  }
}
