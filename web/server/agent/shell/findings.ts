// The catalogue of what the classifier reports, most specific first: when one command trips
// several rules, the first of this list is the one the person is shown. Documented in docs/AGENT.md.
export type Finding = { id: string; reason: string };

export const RULES = {
  "fork-bomb": "fork bomb",
  "rm-root":
    "recursive delete of /, ~, the home folder, a system folder, the repository (.git) or everything here",
  "rm-no-preserve-root": "rm --no-preserve-root",
  "find-delete": "find deleting everything under /, ~ or here",
  "mv-root": "moves / , the home folder or a system folder away (or into /dev/null)",
  mkfs: "formats or repartitions a disk",
  "dd-device": "dd writing to a device",
  "write-device": "writes onto a disk or memory device",
  "history-wipe": "irrecoverable data destruction (shred, wipefs)",
  "reverse-shell": "opens a network shell (/dev/tcp, nc -e, socat exec)",
  "pipe-to-shell": "runs a script it downloads, decodes or builds at run time (curl | sh, base64 -d | sh)",
  "pipe-to-interpreter": "runs downloaded or decoded code (curl | python)",
  "eval-dynamic": "eval of a string built at run time",
  "dynamic-shell": 'a shell command built at run time (bash -c "$X")',
  "git-credential":
    "asks git's credential helper for the person's GitHub token (git credential, kalpana-git-credential, its socket)",
  "git-force-push": "git push --force / --delete / +ref rewrites or deletes remote history",
  "git-reset-hard": "discards uncommitted work (git reset --hard, clean -f, checkout .)",
  "chmod-root": "recursive chmod of / , the home folder or a system folder",
  "chown-root": "recursive chown of / , the home folder or a system folder",
  "write-system-file": "writes into /etc, /usr, /boot, /proc, /sys or another system folder",
  "kill-all": "kills every process (kill -1, kill 1, killall, pkill -u)",
  shutdown: "stops the machine",
  "crontab-remove": "deletes the crontab",
  "repo-delete": "deletes a GitHub repository",
  sudo: "privilege escalation (sudo, su, doas)",
  "too-deep": "nested too deeply to inspect",
  unparsable: "not valid Bash, so it cannot be checked",
} as const;
export type RuleId = keyof typeof RULES;

export const finding = (id: RuleId): Finding => ({ id, reason: RULES[id] });

const ORDER = Object.keys(RULES) as RuleId[];
/** The most specific of the findings, or null. */
export function mostSpecific(found: readonly Finding[]): Finding | null {
  let best: Finding | null = null;
  for (const f of found) {
    if (!best || ORDER.indexOf(f.id as RuleId) < ORDER.indexOf(best.id as RuleId)) best = f;
  }
  return best;
}
