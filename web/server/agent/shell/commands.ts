// One simple command, its words already expanded: unwrap what runs another command (sudo, env,
// xargs, find -exec, timeout …), follow what runs shell text (bash -c, eval, sh < heredoc, alias),
// apply the per-command rules, and say what the command prints for the next pipeline stage.
import type { Analysis } from "./analyze";
import { commandOptions, embeddedCode } from "./embedded";
import { decodeEscapes, type Field, FOUND_PATH, HOLE, type Output, type Taint } from "./expand";
import { finding, type RuleId } from "./findings";
import { isRootish, isSystemRoot, writeTarget } from "./targets";

const OTHER: Output = { kind: "other" };
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "fish", "rbash"]);
const INTERPRETERS =
  /^(python[0-9.]*|pypy[0-9.]*|node|nodejs|deno|bun|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*|lua[0-9.]*|tclsh|Rscript)$/;
const DOWNLOADERS = new Set([
  "curl",
  "wget",
  "fetch",
  "aria2c",
  "http",
  "https",
  "xh",
  "lynx",
  "links",
  "nc",
  "ncat",
  "netcat",
  "socat",
]);
const PRIVILEGE = new Set(["sudo", "doas", "pkexec", "run0", "su", "runuser", "sudoedit"]);

/** Wrappers: options that take a value, then how many positional words before the command. */
type Wrapper = { withValue: string[]; skip?: number; string?: string[] };
const WRAPPERS: Record<string, Wrapper> = {
  sudo: { withValue: ["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"] },
  doas: { withValue: ["-u", "-C"] },
  pkexec: { withValue: ["--user"] },
  run0: { withValue: ["-u", "--user", "-D"] },
  runuser: { withValue: ["-u", "-g", "-G", "--user", "--group"], string: ["-c", "--command"] },
  su: { withValue: ["-s", "--shell", "-g", "-G", "-w"], string: ["-c", "--command"], skip: 0 },
  env: { withValue: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"] },
  command: { withValue: [] },
  builtin: { withValue: [] },
  exec: { withValue: ["-a"] },
  nohup: { withValue: [] },
  nice: { withValue: ["-n", "--adjustment"] },
  ionice: { withValue: ["-c", "-n", "-p", "--class", "--classdata"] },
  chrt: { withValue: [], skip: 1 },
  taskset: { withValue: [], skip: 1 },
  stdbuf: { withValue: ["-i", "-o", "-e"] },
  setsid: { withValue: [] },
  timeout: { withValue: ["-s", "--signal", "-k", "--kill-after"], skip: 1 },
  time: { withValue: ["-f", "--format", "-o", "--output"] },
  strace: { withValue: ["-o", "-e", "-p", "-s", "-u", "-E"] },
  ltrace: { withValue: ["-o", "-e", "-p", "-s", "-u"] },
  unbuffer: { withValue: [] },
  flock: {
    withValue: ["-w", "--timeout", "-E", "--conflict-exit-code"],
    skip: 1,
    string: ["-c", "--command"],
  },
  busybox: { withValue: [] },
  caffeinate: { withValue: [] },
  chroot: { withValue: ["--userspec", "--groups"], skip: 1 },
  "systemd-run": { withValue: ["-u", "--unit", "-p", "--property", "--uid", "--gid", "-E", "--setenv"] },
  watch: { withValue: ["-n", "--interval", "-d"], string: [] },
  script: { withValue: ["-O", "-I", "-T", "-t", "--log-out", "--log-in"], string: ["-c", "--command"] },
};

const base = (t: string) => t.slice(t.lastIndexOf("/") + 1);
const flag = (f: Field | undefined) => (f && !f.dynamic ? f.text : "");
const isOption = (t: string) => t.length > 1 && t.startsWith("-");
/** Short-option clusters (-rf, -fR) and long options, up to `--`. */
function options(args: Field[]): { short: string; long: Set<string>; rest: Field[] } {
  let short = "";
  const long = new Set<string>();
  const rest: Field[] = [];
  let ended = false;
  for (const f of args) {
    const t = flag(f);
    if (!ended && t === "--") ended = true;
    else if (!ended && t.startsWith("--")) long.add(t.split("=")[0]!);
    else if (!ended && isOption(t)) short += t.slice(1);
    else rest.push(f);
  }
  return { short, long, rest };
}

/** What a command prints when it reads its stdin and passes a transformation of it on. */
function through(stdin: Output, transform: "keep" | "decode" | "other"): Output {
  if (stdin.kind === "download") return stdin;
  if (transform === "decode" && stdin.kind !== "none") return { kind: "decode" };
  if (stdin.kind === "decode") return stdin;
  if (transform === "keep") return stdin.kind === "none" ? OTHER : stdin;
  return OTHER;
}

function echoText(args: Field[]): Output {
  let i = 0;
  let escapes = false;
  while (i < args.length && /^-[neE]+$/.test(flag(args[i]))) {
    if (flag(args[i]).includes("e")) escapes = true;
    i++;
  }
  const words = args.slice(i);
  if (words.some((f) => f.dynamic)) return taintOutput(words);
  const text = words.map((f) => f.text).join(" ");
  return { kind: "static", text: `${escapes ? decodeEscapes(text) : text}\n` };
}

function printfText(args: Field[]): Output {
  const [format, ...rest] = args.filter((f, i) => i > 0 || flag(f) !== "--");
  if (!format || format.dynamic || flag(format) === "-v" || rest.some((f) => f.dynamic))
    return taintOutput(args);
  let n = 0;
  const text = decodeEscapes(format.text).replace(
    /%(%|[-+ #0]*\d*(?:\.\d+)?[sbdiouxXcq])/g,
    (_, spec: string) => {
      if (spec === "%") return "%";
      const v = rest[n++]?.text ?? "";
      return spec.endsWith("b") ? decodeEscapes(v) : spec.endsWith("s") || spec.endsWith("q") ? v : HOLE;
    },
  );
  return { kind: "static", text };
}

function taintOutput(fields: Field[]): Output {
  const t = fields.map((f) => f.taint).find(Boolean) as Taint | undefined;
  return t ? { kind: t } : OTHER;
}

/**
 * Shell text that is only known at run time: downloaded or decoded → pipe-to-shell; an outside
 * variable → `rule`; a command substitution (`eval "$(ssh-agent -s)"`) runs what that command
 * prints, and that command was checked itself.
 */
function dynamicText(a: Analysis, fields: Field[], rule: "eval-dynamic" | "dynamic-shell"): void {
  if (fields.some((f) => f.taint)) a.report(finding("pipe-to-shell"));
  else if (fields.some((f) => f.fromVar)) a.report(finding(rule));
}

/** Runs `fields` as a command line whose name may only be known at run time. */
export function checkCall(a: Analysis, fields: Field[], stdin: Output): Output {
  const [name, ...args] = fields;
  if (!name) return { kind: "none" };
  if (name.dynamic || name.glob) return dynamicCommand(a, name, args);
  const cmd = base(name.text);
  if (name.text.includes("/") && a.files.has(name.text.replace(/^\.\//, "")))
    a.report(finding("pipe-to-shell"));

  if (PRIVILEGE.has(cmd)) a.report(finding("sudo"));
  const wrapper = WRAPPERS[cmd];
  if (wrapper) return unwrap(a, cmd, wrapper, args, stdin);
  if (SHELLS.has(cmd)) return shell(a, args, stdin);
  if (INTERPRETERS.test(cmd)) return interpreter(a, cmd, args, stdin);

  switch (cmd) {
    case "eval": {
      if (args.some((f) => f.dynamic)) dynamicText(a, args, "eval-dynamic");
      else a.source(args.map((f) => f.text).join(" "), stdin);
      return OTHER;
    }
    case "source":
    case ".": {
      const file = args[0];
      if (file?.procSubst) runsText(a, file.procSubst, "pipe-to-shell");
      else if (file && a.files.has(file.text)) a.report(finding("pipe-to-shell"));
      else if (file?.text === "/dev/stdin") runsText(a, stdin, "pipe-to-shell");
      return OTHER;
    }
    case "at":
    case "batch":
      // Both read the commands to schedule from stdin (or -f file).
      runsText(a, stdin, "pipe-to-shell");
      return OTHER;
    case "alias":
      for (const f of args) {
        const eq = f.text.indexOf("=");
        if (eq > 0 && !f.dynamic) a.source(f.text.slice(eq + 1));
      }
      return { kind: "none" };
    case "xargs":
      return xargs(a, args, stdin);
    case "find":
      return find(a, args);
    case "echo":
      return echoText(args);
    case "ls": {
      const dir = options(args).rest[0];
      return dir?.dynamic ? OTHER : { kind: "other", under: dir?.text ?? "." };
    }
    case "printf":
      return printfText(args);
    case "cat":
      if (options(args).rest.length === 0 || options(args).rest.some((f) => f.text === "-"))
        return through(stdin, "keep");
      return options(args).rest.some((f) => a.files.has(f.text)) ? { kind: "download" } : OTHER;
    case "tee":
      for (const f of options(args).rest) checkWrite(a, f);
      return through(stdin, "keep");
    case "base64":
    case "base32":
    case "basenc":
      return /d|D/.test(options(args).short) || options(args).long.has("--decode")
        ? { kind: through(stdin, "decode").kind === "download" ? "download" : "decode" }
        : OTHER;
    case "xxd":
      return options(args).short.includes("r") ? { kind: "decode" } : OTHER;
    case "uudecode":
    case "rev":
    case "tr":
    case "zcat":
    case "gunzip":
    case "bzcat":
    case "xzcat":
    case "unxz":
    case "zstdcat":
      return through(stdin, "decode");
    case "gzip":
    case "bzip2":
    case "xz":
    case "zstd":
    case "openssl":
      return /d/.test(options(args).short) ||
        args.some((f) => ["-d", "-decode", "enc", "base64"].includes(f.text))
        ? through(stdin, "decode")
        : OTHER;
  }
  if (DOWNLOADERS.has(cmd)) return download(a, cmd, args);
  if (/^[gmn]?awk$/.test(cmd)) {
    const program = args.find(
      (f, i) => !isOption(flag(f)) && !["-f", "-v", "-F"].includes(flag(args[i - 1])),
    );
    if (program) embeddedCode(a, program.text);
  }
  commandOptions(a, cmd, args);
  rules(a, cmd, args);
  return through(stdin, "other");
}

/** A command name decided at run time: judge its arguments as if it could be anything. */
function dynamicCommand(a: Analysis, name: Field, args: Field[]): Output {
  if (name.taint) a.report(finding("pipe-to-shell"));
  const o = options(args);
  if (o.long.has("--no-preserve-root")) a.report(finding("rm-no-preserve-root"));
  if ((/[rR]/.test(o.short) || o.long.has("--recursive")) && o.rest.some(isRootish))
    a.report(finding("rm-root"));
  for (const f of args)
    if (/^of=\/dev\//.test(f.text) && writeTarget(f.text.slice(3))) a.report(finding("dd-device"));
  // `$SHELL -c '…'`, `$X -c …`: it may be a shell, so its string is read as one (when it parses).
  const c = args.findIndex((f) => /^-[a-zA-Z]*c$/.test(flag(f)));
  const code = c >= 0 ? args[c + 1] : undefined;
  if (code && !code.dynamic) a.source(code.text, { kind: "none" }, { mayNotBeShell: true });
  // `IFS=,; X=rm,-rf,/; $X` ends up here only when X is unknown; known values were split already.
  return OTHER;
}

function runsText(a: Analysis, produced: Output, rule: "pipe-to-shell" | "pipe-to-interpreter"): void {
  if (produced.kind === "static" && rule === "pipe-to-shell") a.source(produced.text);
  else if (produced.kind !== "none" && produced.kind !== "static") {
    if (rule === "pipe-to-shell" || produced.kind !== "other") a.report(finding(rule));
  }
}

function unwrap(a: Analysis, cmd: string, w: Wrapper, args: Field[], stdin: Output): Output {
  let i = 0;
  let skip = w.skip ?? 0;
  for (; i < args.length; i++) {
    const t = flag(args[i]);
    if (args[i]!.dynamic) break;
    if (t === "--") {
      i++;
      break;
    }
    if (w.string?.includes(t)) {
      const text = args[i + 1];
      if (text?.dynamic) dynamicText(a, [text], "dynamic-shell");
      else if (text) a.source(text.text, stdin);
      return OTHER;
    }
    if (cmd === "env" && (t === "-S" || t === "--split-string")) {
      const text = args[i + 1];
      if (text && !text.dynamic)
        a.source([text.text, ...args.slice(i + 2).map((f) => f.text)].join(" "), stdin);
      return OTHER;
    }
    if (cmd === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) continue;
    if ((cmd === "command" && /^-[vV]/.test(t)) || (cmd === "watch" && false)) return OTHER;
    if (isOption(t)) {
      if (w.withValue.includes(t)) i++;
      continue;
    }
    if (cmd === "su") continue; // su [user]: the command only comes through -c
    if (skip > 0) {
      skip--;
      continue;
    }
    break;
  }
  const inner = args.slice(i);
  if (inner.length === 0) return OTHER;
  // watch runs its words as one shell string.
  if (cmd === "watch") {
    if (inner.some((f) => f.dynamic)) dynamicText(a, inner, "dynamic-shell");
    else a.source(inner.map((f) => f.text).join(" "));
    return OTHER;
  }
  return checkCall(a, inner, stdin);
}

function shell(a: Analysis, args: Field[], stdin: Output): Output {
  let i = 0;
  let fromString = false;
  let fromStdin = false;
  for (; i < args.length; i++) {
    const t = flag(args[i]);
    if (t === "--" || t === "-") {
      i++;
      break;
    }
    if (!/^[-+]/.test(t) || args[i]!.dynamic) break;
    if (["-o", "+o", "-O", "+O", "--rcfile", "--init-file"].includes(t)) i++;
    else if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(t)) fromString = true;
    else if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(t)) fromStdin = true;
  }
  if (fromStdin && !fromString) {
    runsText(a, stdin, "pipe-to-shell"); // -s: the program is stdin, the words are its arguments
    return OTHER;
  }
  const first = args[i];
  if (fromString) {
    if (!first) return OTHER;
    if (first.dynamic) dynamicText(a, [first], "dynamic-shell");
    else a.source(first.text, stdin);
    return OTHER;
  }
  if (!first) {
    runsText(a, stdin, "pipe-to-shell"); // the program comes from stdin
    return OTHER;
  }
  const written = a.written.get(first.text.replace(/^\.\//, ""));
  if (first.procSubst) runsText(a, first.procSubst, "pipe-to-shell");
  else if (written !== undefined) a.source(written);
  else if (a.files.has(first.text.replace(/^\.\//, ""))) a.report(finding("pipe-to-shell"));
  else if (first.text === "/dev/stdin") runsText(a, stdin, "pipe-to-shell");
  else if (first.dynamic && first.taint) a.report(finding("pipe-to-shell"));
  return OTHER;
}

function interpreter(a: Analysis, cmd: string, args: Field[], stdin: Output): Output {
  const codeFlags = new Set(["-c", "-e", "-E", "-p", "-r", "--eval", "--print", "-pe", "-ne", "-lne"]);
  for (let i = 0; i < args.length; i++) {
    const f = args[i]!;
    const t = flag(f);
    if (codeFlags.has(t)) {
      const code = args[i + 1];
      if (code?.dynamic && code.taint) a.report(finding("pipe-to-interpreter"));
      else if (code) embeddedCode(a, code.text);
      return OTHER;
    }
    if (t === "-") break;
    if (isOption(t) && !f.dynamic) {
      if (["-m", "-W", "-X", "-r", "--require", "--import", "-I"].includes(t)) i++;
      continue;
    }
    // The script: a download, a URL (deno run https://…), a process substitution.
    if (f.procSubst) runsText(a, f.procSubst, "pipe-to-interpreter");
    else if (a.files.has(f.text.replace(/^\.\//, "")) || /^https?:\/\//.test(f.text))
      a.report(finding("pipe-to-interpreter"));
    else if (f.dynamic && f.taint) a.report(finding("pipe-to-interpreter"));
    if (cmd === "deno" && ["run", "eval", "x"].includes(t)) continue;
    return OTHER;
  }
  runsText(a, stdin, "pipe-to-interpreter");
  return OTHER;
}

function xargs(a: Analysis, args: Field[], stdin: Output): Output {
  const withValue = new Set([
    "-I",
    "-i",
    "-n",
    "-P",
    "-L",
    "-l",
    "-s",
    "-d",
    "-E",
    "-e",
    "-a",
    "--max-args",
    "--max-procs",
    "--delimiter",
    "--arg-file",
    "--replace",
  ]);
  let i = 0;
  for (; i < args.length; i++) {
    const t = flag(args[i]);
    if (!isOption(t)) break;
    if (withValue.has(t)) i++;
  }
  const inner = args.slice(i);
  const fed: Field[] =
    stdin.kind === "static"
      ? stdin.text
          .split(/\s+/)
          .filter(Boolean)
          .map((text) => ({ text, dynamic: false, glob: false, taint: null }))
      : [
          {
            // Paths listed by `ls /` or an unfiltered `find ~` are that folder's entries.
            text: stdin.kind === "other" && stdin.under ? entriesOf(stdin.under) : FOUND_PATH,
            dynamic: true,
            glob: false,
            taint: stdin.kind === "download" || stdin.kind === "decode" ? stdin.kind : null,
          },
        ];
  if (inner.length === 0) return stdin;
  checkCall(a, [...inner, ...fed], { kind: "none" });
  return OTHER;
}

/** A stand-in for "some entry of `dir`" that the path rules judge like the folder itself. */
function entriesOf(dir: string): string {
  const d = dir.replace(/\/+$/, "");
  return d === "." || d === "" ? (dir.startsWith("/") ? `/${FOUND_PATH}` : "*") : `${d}/*`;
}

const FIND_FILTERS =
  /^-(i?name|i?path|i?wholename|i?regex|newer\w*|[acm](time|min)|size|empty|user|group|perm|links|inum|samefile|i?lname|uid|gid)$/;

function find(a: Analysis, args: Field[]): Output {
  const starts: Field[] = [];
  let i = 0;
  for (; i < args.length && !/^[-(!]/.test(flag(args[i]) || "x"); i++) starts.push(args[i]!);
  if (starts.length === 0) starts.push({ text: ".", dynamic: false, glob: false, taint: null });
  let deletes = false;
  let filtered = false;
  for (; i < args.length; i++) {
    const t = flag(args[i]);
    if (FIND_FILTERS.test(t)) filtered = true;
    if (t === "-delete") deletes = true;
    if (["-exec", "-execdir", "-ok", "-okdir"].includes(t)) {
      const end = args.findIndex((f, j) => j > i && (f.text === ";" || f.text === "+"));
      const inner = args
        .slice(i + 1, end < 0 ? undefined : end)
        .map((f) => (f.text === "{}" ? { ...f, text: FOUND_PATH, dynamic: true } : f));
      if (inner[0] && ["rm", "shred", "unlink"].includes(base(inner[0].text))) deletes = true;
      checkCall(a, inner, { kind: "none" });
      i = end < 0 ? args.length : end;
    }
  }
  if (deletes && starts.some((s) => isSystemRoot(s) || (!filtered && isRootish(s))))
    a.report(finding("find-delete"));
  const start = starts[0]!;
  return !filtered && !start.dynamic ? { kind: "other", under: start.text } : OTHER;
}

function download(a: Analysis, cmd: string, args: Field[]): Output {
  for (let i = 0; i < args.length; i++) {
    const t = flag(args[i]);
    const out = ["-o", "--output", "-O", "--output-document"].includes(t) ? args[i + 1] : undefined;
    const long = /^--output(-document)?=(.+)$/.exec(t)?.[2];
    const file = long ?? (out && !out.dynamic ? out.text : undefined);
    if (file && file !== "-") a.files.add(file.replace(/^\.\//, ""));
    if ((cmd === "nc" || cmd === "ncat" || cmd === "netcat") && /^-[a-zA-Z]*[ec]$/.test(t))
      a.report(finding("reverse-shell"));
    if (cmd === "socat" && /(^|[,:!])(exec|system):/i.test(args[i]!.text)) a.report(finding("reverse-shell"));
  }
  return { kind: "download" };
}

function checkWrite(a: Analysis, f: Field): void {
  const rule = writeTarget(f.text);
  if (rule) a.report(finding(rule));
}

/** Per-command rules for commands that do not run other commands. */
function rules(a: Analysis, cmd: string, args: Field[]): void {
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

function git(a: Analysis, args: Field[]): void {
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
