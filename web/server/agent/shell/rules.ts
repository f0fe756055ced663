// Rules for commands that do not run other commands: what makes rm, dd, chmod, git, kill … destructive.

import type { Field } from "./expand";
import { finding, type RuleId } from "./findings";
import type { Scope } from "./scope";
import { isRootish, isSystemRoot, writeTarget } from "./targets";
import { checkWrite, flag, isOption, options } from "./words";

/** Per-command rules for commands that do not run other commands. */
export function rules(a: Scope, cmd: string, args: Field[]): void {
  const o = options(args);
  const report = (id: RuleId) => a.report(finding(id));
  const recursive = /[rR]/.test(o.short) || o.long.has("--recursive");
  switch (cmd) {
    case "rm":
      if (o.long.has("--no-preserve-root")) report("rm-no-preserve-root");
      if (recursive && o.rest.some(isRootish)) report("rm-root");
      return;
    case "shred":
    case "wipefs":
    case "blkdiscard":
      report("history-wipe");
      return;
    case "mke2fs":
    case "mkswap":
    case "fdisk":
    case "sfdisk":
    case "cfdisk":
    case "parted":
    case "gdisk":
    case "sgdisk":
      report("mkfs");
      return;
    case "dd":
      for (const f of args)
        if (f.text.startsWith("of=") && writeTarget(f.text.slice(3)) === "write-device") report("dd-device");
      return;
    case "chmod":
    case "chown":
    case "chgrp":
      if (recursive && o.rest.some(isSystemRoot)) report(cmd === "chmod" ? "chmod-root" : "chown-root");
      return;
    case "mv":
      if (o.rest.slice(0, -1).some(isSystemRoot) || o.rest.at(-1)?.text === "/dev/null") report("mv-root");
      if (o.rest.length > 1) checkWrite(a, o.rest.at(-1)!);
      return;
    case "cp":
    case "install":
    case "ln":
      if (o.rest.length > 1) checkWrite(a, o.rest.at(-1)!);
      return;
    case "git":
      git(a, args);
      return;
    case "kill": {
      let pids = args;
      const first = flag(args[0]);
      if (first === "-s" || first === "-n" || first === "--signal") pids = args.slice(2);
      else if (isOption(first) && first !== "--") pids = args.slice(1);
      if (pids.some((f) => ["-1", "1"].includes(f.text))) report("kill-all");
      return;
    }
    case "killall":
    case "killall5":
      report("kill-all");
      return;
    case "pkill":
    case "pgrep":
      if (
        cmd === "pkill" &&
        (/[uUG]/.test(o.short) ||
          o.long.has("--euid") ||
          o.long.has("--uid") ||
          o.rest.some((f) => [".", ".*", "", "^"].includes(f.text)))
      )
        report("kill-all");
      return;
    case "shutdown":
    case "reboot":
    case "halt":
    case "poweroff":
      report("shutdown");
      return;
    case "init":
    case "telinit":
      if (["0", "6"].includes(o.rest[0]?.text ?? "")) report("shutdown");
      return;
    case "systemctl":
      if (
        o.rest.some((f) => ["poweroff", "reboot", "halt", "kexec", "suspend", "hibernate"].includes(f.text))
      )
        report("shutdown");
      return;
    case "crontab":
      if (o.short.includes("r") || o.long.has("--remove")) report("crontab-remove");
      return;
    case "gh":
      if (o.rest[0]?.text === "repo" && o.rest[1]?.text === "delete") report("repo-delete");
      return;
  }
  if (/^mkfs(\.\w+)?$/.test(cmd)) report("mkfs");
}

function git(a: Scope, args: Field[]): void {
  let i = 0;
  while (i < args.length && isOption(flag(args[i]))) {
    i += ["-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path"].includes(flag(args[i]))
      ? 2
      : 1;
  }
  const sub = flag(args[i]);
  const o = options(args.slice(i + 1));
  const report = (id: RuleId) => a.report(finding(id));
  switch (sub) {
    case "credential":
    case "credential-cache":
    case "credential-store":
      report("git-credential");
      return;
    case "push": {
      const force = [
        "--force",
        "--force-with-lease",
        "--force-if-includes",
        "--mirror",
        "--delete",
        "--prune",
      ].some((x) => o.long.has(x));
      if (force || /[fd]/.test(o.short) || o.rest.some((f) => /^[+:]/.test(f.text))) report("git-force-push");
      return;
    }
    case "reset":
      if (o.long.has("--hard")) report("git-reset-hard");
      return;
    case "clean":
      if (o.short.includes("f") || o.long.has("--force")) report("git-reset-hard");
      return;
    case "checkout":
    case "restore": {
      const whole = o.rest.some((f) => [".", ":/", "*", ":/*"].includes(f.text));
      const staged = sub === "restore" && o.long.has("--staged") && !o.long.has("--worktree");
      if ((whole && !staged) || (sub === "checkout" && (o.short.includes("f") || o.long.has("--force"))))
        report("git-reset-hard");
      return;
    }
    case "stash":
      if (["clear", "drop"].includes(o.rest[0]?.text ?? "")) report("git-reset-hard");
      return;
  }
}
