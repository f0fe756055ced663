// Walks the parsed command the way Bash would run it: every statement, pipeline stage, command
// substitution, subshell, function body, heredoc and nested `bash -c` / `eval` / `sudo` / `xargs` /
// `find -exec` command, with what flows into each stdin (a static text, a download, a decoding),
// and hands each simple command to commands.ts. Anything that cannot be parsed is a finding.
import { checkCall } from "./commands";
import { expandWord, type Field, type Output, taintOf } from "./expand";
import { type Finding, finding } from "./findings";
import { nodeType, OP, parseShell, type ShNode, type ShStmt, walk } from "./parse";
import type { Scope } from "./scope";
import { writeTarget } from "./targets";

const MAX_DEPTH = 6;
const NONE: Output = { kind: "none" };

export class Analysis implements Scope {
  readonly findings: Finding[] = [];
  /** Files written by curl -o / wget -O in this command (running one later is running a download). */
  readonly downloads = new Set<string>();
  /** Files this command wrote with a known text (`echo 'rm -rf /' > x.sh; bash x.sh`). */
  readonly writes = new Map<string, string>();
  readonly arrays = new Map<string, string[]>();
  constructor(
    readonly vars: Map<string, string>,
    readonly depth = 0,
    private readonly shared?: Analysis,
  ) {}

  report(f: Finding): void {
    (this.shared ?? this).findings.push(f);
  }
  get files(): Set<string> {
    return (this.shared ?? this).downloads;
  }
  get written(): Map<string, string> {
    return (this.shared ?? this).writes;
  }

  /** A nested analysis (subshell, bash -c): its own variables, the same findings. */
  child(inherit = true): Analysis {
    const c = new Analysis(new Map(inherit ? this.vars : defaultVars()), this.depth + 1, this.shared ?? this);
    if (inherit) for (const [k, v] of this.arrays) c.arrays.set(k, v);
    return c;
  }

  /** Checks one simple command line (expanded words) and says what it prints. */
  command(fields: Field[], stdin: Output): Output {
    return checkCall(this, fields, stdin);
  }

  expand(w: sh.Word): Field[] {
    return expandWord(w, { vars: this.vars, arrays: this.arrays, run: (stmts) => this.stmts(stmts, NONE) });
  }

  /** Parses and analyses shell text that will run (bash -c, eval, a piped-in script). */
  source(text: string, stdin: Output = NONE, { mayNotBeShell = false } = {}): Output {
    if (this.depth >= MAX_DEPTH) {
      if (!mayNotBeShell) this.report(finding("too-deep"));
      return { kind: "other" };
    }
    const stmts = parseShell(text);
    if (!stmts) {
      // Text that only might be shell (`$X -c '…'`, X unknown) is not a finding when it isn't.
      if (!mayNotBeShell) this.report(finding("unparsable"));
      return { kind: "other" };
    }
    return this.child(false).stmts(stmts, stdin);
  }

  stmts(list: ShStmt[], stdin: Output): Output {
    let out: Output = NONE;
    for (const s of list) out = this.stmt(s, stdin);
    return out;
  }

  stmt(s: ShStmt, stdin: Output): Output {
    let input = stdin;
    let file: { path: string; append: boolean } | null = null;
    for (const r of s.Redirs) {
      if (!r) continue;
      const redirected = this.redirect(r);
      if (redirected) input = redirected;
      const op = r.Op as unknown as number;
      const to =
        [OP.rdrOut, OP.appOut, OP.clbOut, OP.rdrAll, OP.appAll].includes(op as 54) && r.Word
          ? this.expand(r.Word)[0]
          : undefined;
      if (to && !to.dynamic)
        file = { path: to.text.replace(/^\.\//, ""), append: op === OP.appOut || op === OP.appAll };
    }
    const out = this.cmd(s.Cmd, input);
    if (!file) return out;
    // What went into the file, for a later `bash file` / `./file` in the same command.
    if (out.kind === "static")
      this.written.set(file.path, (file.append ? (this.written.get(file.path) ?? "") : "") + out.text);
    else this.written.delete(file.path);
    if (out.kind === "download" || out.kind === "decode") this.files.add(file.path);
    return { kind: "none" };
  }

  /** Checks a redirection's target; returns the new stdin when it feeds one. */
  private redirect(r: sh.Redirect): Output | null {
    const op = r.Op as unknown as number;
    if (op === OP.hdoc || op === OP.dashHdoc) {
      if (!r.Hdoc) return { kind: "static", text: "" };
      return this.text(this.expand(r.Hdoc));
    }
    if (!r.Word) return null;
    const fields = this.expand(r.Word);
    if (op === OP.wordHdoc) return this.text(fields, "\n");
    const target = fields[0];
    if (!target) return null;
    const fdDup = (op === OP.dplIn || op === OP.dplOut) && /^(\d+|-)$/.test(target.text);
    if (fdDup) return null;
    const rule = writeTarget(target.text);
    const writes = op !== OP.rdrIn && op !== OP.dplIn;
    if (rule === "reverse-shell" || (rule && writes)) this.report(finding(rule));
    if (op === OP.rdrIn || op === OP.rdrInOut) {
      if (target.procSubst) return target.procSubst;
      if (this.files.has(target.text)) return { kind: "download" };
      return { kind: "other" };
    }
    return null;
  }

  /** Static text of fields joined the way a heredoc or echo prints them, else their taint. */
  text(fields: Field[], suffix = ""): Output {
    if (fields.some((f) => f.dynamic)) {
      const t = fields.map((f) => f.taint).find(Boolean);
      return t ? { kind: t } : { kind: "other" };
    }
    return { kind: "static", text: fields.map((f) => f.text).join("") + suffix };
  }

  cmd(node: ShNode | null, stdin: Output): Output {
    if (!node) return NONE; // a statement of redirections only: `> file`
    const type = nodeType(node);
    if (type === "CallExpr") return this.call(node as sh.CallExpr, stdin);
    if (type === "BinaryCmd") {
      const b = node as sh.BinaryCmd;
      const op = b.Op as unknown as number;
      const x = b.X ? this.stmt(b.X, stdin) : NONE;
      if (op === OP.pipe || op === OP.pipeAll) return b.Y ? this.stmt(b.Y, x) : NONE;
      return b.Y ? this.stmt(b.Y, stdin) : x;
    }
    if (type === "FuncDecl") {
      const f = node as sh.FuncDecl;
      if (f.Name && f.Body && isForkBomb(f.Name.Value, f.Body)) this.report(finding("fork-bomb"));
      if (f.Body) this.child().stmt(f.Body, NONE);
      return NONE;
    }
    if (type === "DeclClause") {
      for (const a of (node as sh.DeclClause).Args) if (a) this.assign(a, true);
      return NONE;
    }
    if (type === "Subshell" || type === "Block") {
      const target = type === "Subshell" ? this.child() : this;
      return target.stmts(
        ((node as sh.Block).Stmts ?? []).filter((s): s is ShStmt => s !== null),
        stdin,
      );
    }
    // if / while / for / case / [[ ]] / (( )) / time / coproc …: every statement inside runs.
    let out: Output = NONE;
    walk(node, (n) => {
      if (n === node) return true;
      if (nodeType(n) === "Stmt") {
        out = this.stmt(n as ShStmt, stdin);
        return false;
      }
      if (nodeType(n) === "Word") {
        this.expand(n as sh.Word);
        return false;
      }
      return true;
    });
    return out;
  }

  private assign(a: sh.Assign, persist: boolean): void {
    const name = a.Name?.Value;
    const value = a.Value ? this.expand(a.Value) : [];
    const elements: Field[] = [];
    let indexed = false;
    if (a.Array) {
      for (const e of a.Array.Elems) {
        if (!e) continue;
        if (e.Index) indexed = true;
        if (e.Value) elements.push(...this.expand(e.Value));
      }
    }
    if (!name || !persist) return;
    this.arrays.delete(name);
    if (a.Array) {
      this.vars.delete(name);
      if (!indexed && !a.Append && !elements.some((f) => f.dynamic)) {
        this.arrays.set(
          name,
          elements.map((f) => f.text),
        );
        if (elements[0]) this.vars.set(name, elements[0].text);
      }
      return;
    }
    const text = value.map((f) => f.text).join(" ");
    if (value.some((f) => f.dynamic) || a.Append) this.vars.delete(name);
    else this.vars.set(name, text);
  }

  private call(c: sh.CallExpr, stdin: Output): Output {
    const args = c.Args.filter((w): w is sh.Word => w !== null);
    // `X=1` alone sets a shell variable; `X=1 cmd` only sets it for cmd.
    for (const a of c.Assigns) if (a) this.assign(a, args.length === 0);
    const fields = args.flatMap((w) => this.expand(w));
    if (fields.length === 0) return NONE;
    return checkCall(this, fields, stdin);
  }
}

function isForkBomb(name: string, body: ShStmt): boolean {
  let selfCalls = 0;
  let spawns = false;
  walk(body, (n) => {
    const t = nodeType(n);
    if (t === "CallExpr") {
      const first = (n as sh.CallExpr).Args[0];
      if (first?.Lit() === name) selfCalls++;
    }
    if (t === "BinaryCmd" && [OP.pipe, OP.pipeAll].includes((n as sh.BinaryCmd).Op as unknown as 12))
      spawns = true;
    if (t === "Stmt" && (n as ShStmt).Background) spawns = true;
    return true;
  });
  return selfCalls >= 1 && spawns;
}

export function defaultVars(): Map<string, string> {
  return new Map([
    ["IFS", " \t\n"],
    ["HOME", "~"],
    ["PWD", "."],
  ]);
}

/** Every finding for `command` (empty: nothing dangerous seen). */
export function analyze(command: string): Finding[] {
  const stmts = parseShell(command);
  if (!stmts) return [finding("unparsable")];
  const a = new Analysis(defaultVars());
  a.stmts(stmts, NONE);
  return a.findings;
}

export { taintOf };

import type sh from "mvdan-sh";
