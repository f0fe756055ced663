// One simple command, its words already expanded: unwrap what runs another command (sudo, env,
// xargs, find -exec, timeout …), follow what runs shell text (bash -c, eval, sh < heredoc, alias),
// apply the per-command rules, and say what the command prints for the next pipeline stage.

import { commandOptions, embeddedCode } from "./embedded";
import { decodeEscapes, type Field, HOLE, type Output } from "./expand";
import { finding } from "./findings";
import { rules } from "./rules";
import {
  DOWNLOADERS,
  download,
  find,
  INTERPRETERS,
  interpreter,
  PRIVILEGE,
  SHELLS,
  shell,
  unwrap,
  WRAPPERS,
  xargs,
} from "./runners";
import type { Scope } from "./scope";
import { isRootish, writeTarget } from "./targets";
import {
  base,
  checkWrite,
  dynamicText,
  flag,
  isOption,
  OTHER,
  options,
  runsText,
  taintOutput,
  through,
} from "./words";

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

/** The credential helper's socket folder and its entry in the bridge bundle (images/workspace). */
const CREDENTIAL_WORDS = /kalpana-git(\/|$)|credential\.sock|^git-credential$/;

/** Runs `fields` as a command line whose name may only be known at run time. */
export function checkCall(a: Scope, fields: Field[], stdin: Output): Output {
  const [name, ...args] = fields;
  if (!name) return { kind: "none" };
  if (name.dynamic || name.glob) return dynamicCommand(a, name, args);
  const cmd = base(name.text);
  if (name.text.includes("/") && a.files.has(name.text.replace(/^\.\//, "")))
    a.report(finding("pipe-to-shell"));

  if (PRIVILEGE.has(cmd)) a.report(finding("sudo"));
  // The terminal's credential helper answers any process of the workspace user while the person is
  // signed in (docs/ENVIRONMENTS.md): the agent must not read the token out of it unasked.
  if (cmd === "kalpana-git-credential" || fields.some((f) => CREDENTIAL_WORDS.test(f.text)))
    a.report(finding("git-credential"));
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
function dynamicCommand(a: Scope, name: Field, args: Field[]): Output {
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
