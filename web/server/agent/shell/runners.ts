// Commands that run other code: wrappers (sudo, env, timeout, xargs, find -exec …) whose inner
// command is checked like any other, shells and interpreters with what they are fed (a -c string,
// stdin, a script file, a process substitution), and downloaders, which mark what they fetch.

import { embeddedCode } from "./embedded";
import { type Field, FOUND_PATH, type Output } from "./expand";
import { finding } from "./findings";
import type { Scope } from "./scope";
import { isRootish, isSystemRoot } from "./targets";
import { base, dynamicText, flag, isOption, OTHER, runsText } from "./words";
export const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "fish", "rbash"]);
export const INTERPRETERS =
  /^(python[0-9.]*|pypy[0-9.]*|node|nodejs|deno|bun|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*|lua[0-9.]*|tclsh|Rscript)$/;
export const DOWNLOADERS = new Set([
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
export const PRIVILEGE = new Set(["sudo", "doas", "pkexec", "run0", "su", "runuser", "sudoedit"]);

/** Wrappers: options that take a value, then how many positional words before the command. */
export type Wrapper = { withValue: string[]; skip?: number; string?: string[] };
export const WRAPPERS: Record<string, Wrapper> = {
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

export function unwrap(a: Scope, cmd: string, w: Wrapper, args: Field[], stdin: Output): Output {
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
  return a.command(inner, stdin);
}

export function shell(a: Scope, args: Field[], stdin: Output): Output {
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

export function interpreter(a: Scope, cmd: string, args: Field[], stdin: Output): Output {
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

export function xargs(a: Scope, args: Field[], stdin: Output): Output {
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
  a.command([...inner, ...fed], { kind: "none" });
  return OTHER;
}

/** A stand-in for "some entry of `dir`" that the path rules judge like the folder itself. */
function entriesOf(dir: string): string {
  const d = dir.replace(/\/+$/, "");
  return d === "." || d === "" ? (dir.startsWith("/") ? `/${FOUND_PATH}` : "*") : `${d}/*`;
}

const FIND_FILTERS =
  /^-(i?name|i?path|i?wholename|i?regex|newer\w*|[acm](time|min)|size|empty|user|group|perm|links|inum|samefile|i?lname|uid|gid)$/;

export function find(a: Scope, args: Field[]): Output {
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
      a.command(inner, { kind: "none" });
      i = end < 0 ? args.length : end;
    }
  }
  if (deletes && starts.some((s) => isSystemRoot(s) || (!filtered && isRootish(s))))
    a.report(finding("find-delete"));
  const start = starts[0]!;
  return !filtered && !start.dynamic ? { kind: "other", under: start.text } : OTHER;
}

export function download(a: Scope, cmd: string, args: Field[]): Output {
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
