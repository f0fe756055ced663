// Commands that ALWAYS need the person's approval, even in "auto" mode. Pattern matching on shell
// text cannot be complete (a determined model can obfuscate), so this is a seatbelt against the
// common destructive mistakes, not a sandbox: the container's limits and confinement are the wall.
// Documented in docs/AGENT.md; keep the two lists in step.
export type DangerRule = { id: string; pattern: RegExp; reason: string };

// Word boundary that also treats shell separators (; & | newline) as a start.
const CMD = String.raw`(?:^|[;&|\n(\`]|\$\()\s*`;

export const DANGEROUS_COMMANDS: readonly DangerRule[] = [
  {
    id: "rm-root",
    pattern:
      /\brm\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+(-\S+\s+)*(\/|~|\$HOME|\/\*|\*|\.\.?\/?)(\s|$)/,
    reason: "recursive delete of /, ~, the home folder or everything here",
  },
  { id: "rm-no-preserve-root", pattern: /--no-preserve-root/, reason: "rm --no-preserve-root" },
  {
    id: "pipe-to-shell",
    pattern: /\b(curl|wget|fetch)\b[^|;&]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b/,
    reason: "downloads a script and runs it (curl | sh)",
  },
  {
    id: "pipe-to-interpreter",
    pattern: /\b(curl|wget)\b[^|;&]*\|\s*(python3?|node|perl|ruby)\b/,
    reason: "runs downloaded code",
  },
  {
    id: "git-force-push",
    pattern: /\bgit\b[^;&|]*\bpush\b[^;&|]*(\s--force\b|\s-f\b|\s--force-with-lease\b|\s\+\S)/,
    reason: "git push --force rewrites remote history",
  },
  {
    id: "git-reset-hard",
    pattern: /\bgit\s+(reset\s+--hard|clean\s+-[a-zA-Z]*f)/,
    reason: "discards uncommitted work",
  },
  { id: "mkfs", pattern: new RegExp(`${CMD}(sudo\\s+)?mkfs(\\.\\w+)?\\b`), reason: "formats a file system" },
  { id: "dd-device", pattern: /\bdd\b[^;&|]*\bof=\/dev\//, reason: "dd writing to a device" },
  {
    id: "write-device",
    pattern: />\s*\/dev\/(sd|nvme|hd|vd|xvd|disk|mmcblk)/,
    reason: "redirects output onto a disk device",
  },
  {
    id: "chmod-777-root",
    pattern: /\bchmod\s+(-[a-zA-Z]*R[a-zA-Z]*\s+)+0?777\s+\/(\s|$)/,
    reason: "chmod -R 777 /",
  },
  {
    id: "chown-root",
    pattern: /\bchown\s+(-[a-zA-Z]*R[a-zA-Z]*\s+)+\S+\s+\/(\s|$)/,
    reason: "chown -R of /",
  },
  { id: "fork-bomb", pattern: /:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;?\s*:/, reason: "fork bomb" },
  { id: "sudo", pattern: new RegExp(`${CMD}(sudo|su|doas)\\b`), reason: "privilege escalation (sudo/su)" },
  {
    id: "shutdown",
    pattern: new RegExp(`${CMD}(shutdown|reboot|halt|poweroff)\\b`),
    reason: "stops the machine",
  },
  {
    id: "kill-all",
    pattern: /\bkill\s+(-\S+\s+)*-1\b|\bkillall5?\b|\bpkill\s+-9\s+-u\b/,
    reason: "kills every process",
  },
  { id: "crontab-remove", pattern: /\bcrontab\s+-r\b/, reason: "deletes the crontab" },
  { id: "history-wipe", pattern: /\bshred\b|\bwipefs\b/, reason: "irrecoverable data destruction" },
];

/** The first rule the command matches, or null. */
export function dangerousCommand(command: string): DangerRule | null {
  return DANGEROUS_COMMANDS.find((r) => r.pattern.test(command)) ?? null;
}
