// Code for another language handed over on the command line (python -c, node -e, perl -e, awk
// programs) is not Bash, so it is not parsed. What is looked at: string literals handed to the
// functions that run shell commands there (os.system, subprocess.*, execSync, system, popen, qx,
// backticks), which are Bash again, plus two shapes that need no shell: deleting a root-like
// folder (shutil.rmtree("/"), fs.rmSync("/")) and a socket wired to a shell (reverse shell).

import type { Field } from "./expand";
import { finding } from "./findings";
import type { Scope } from "./scope";
import { isRootish } from "./targets";

const RUNS_SHELL =
  /\b(?:os\.system|os\.popen|subprocess\.\w+|system|exec|execSync|spawnSync|popen|shell_exec|passthru|qx)\s*\(\s*(?:\[\s*)?(["'`])((?:\\.|(?!\1).)*)\1/g;
const DELETES = /\b(?:rmtree|rmSync|rmdirSync|remove_dir_all|rm_rf|rm_r)\s*\(\s*(["'`])((?:\\.|(?!\1).)*)\1/g;
const SOCKET_SHELL = /socket[\s\S]*(\/bin\/(ba)?sh|pty\.spawn|\bsh\s+-i)/;

export function embeddedCode(a: Scope, code: string): void {
  for (const m of code.matchAll(RUNS_SHELL)) a.source(m[2]!.replace(/\\(["'`\\])/g, "$1"));
  for (const m of code.matchAll(DELETES)) {
    const target: Field = { text: m[2]!, dynamic: false, glob: false, taint: null };
    if (isRootish(target) || target.text === "~" || /^(os\.)?(path\.)?expanduser/.test(target.text)) {
      a.report(finding("rm-root"));
    }
  }
  if (SOCKET_SHELL.test(code)) a.report(finding("reverse-shell"));
}

/** Options of ordinary tools whose value is a command the tool runs. */
export function commandOptions(a: Scope, cmd: string, args: Field[]): void {
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    const next = args[i + 1]?.text ?? "";
    if (cmd === "git" && t === "-c") {
      const m =
        /^(core\.sshcommand|core\.pager|core\.editor|core\.fsmonitor|sequence\.editor|diff\.external|credential\.helper|gpg\.program|alias\.[\w-]+|[\w.-]+\.(?:command|textconv|clean|smudge|process))=(.*)$/is.exec(
          next,
        );
      if (m) a.source(m[2]!.replace(/^!/, ""));
    }
    if (cmd === "tar") {
      const m =
        /^--(?:checkpoint-action=exec|to-command|use-compress-program|info-script|new-volume-script)=(.*)$/s.exec(
          t,
        );
      if (m) a.source(m[1]!);
      if (t === "-I" || t === "-F") a.source(next);
    }
    if ((cmd === "ssh" || cmd === "scp" || cmd === "sftp") && t === "-o") {
      const m = /^(?:ProxyCommand|LocalCommand|KnownHostsCommand)[= ](.*)$/is.exec(next);
      if (m) a.source(m[1]!);
    }
    if (cmd === "rsync" && (t === "-e" || t === "--rsh")) a.source(next);
  }
}
