// Word expansion the way Bash does it, as far as it can be done without running anything: quote
// removal, $'…' escapes, brace expansion, variables assigned earlier in the same command, IFS field
// splitting (`IFS=,; c=rm,-rf,/; $c`), and what `$(…)` prints when its commands are static
// (`$(echo rm)`). Whatever stays unknown becomes a HOLE and marks the field dynamic, so the rules
// can tell "certainly /" from "something decided at run time".
import type sh from "mvdan-sh";
import { nodeType, OP, type ShNode, type ShStmt, type ShWord, splitBraces, walk } from "./parse";

export const HOLE = "\u0000";
/** A path that a filter produced at run time (find's {}, xargs input): unknown, but not empty. */
export const FOUND_PATH = `${HOLE}found`;

/** What a command writes to its stdout, as far as it is known. */
export type Output =
  | { kind: "none" }
  | { kind: "static"; text: string }
  /** Downloaded, decoded (base64 -d, xxd -r, rev …) or otherwise produced at run time. */
  | { kind: "download" | "decode" | "other"; under?: string };
export type Taint = "download" | "decode" | null;

export interface Field {
  /** Best static reading; unknown pieces are HOLE. */
  text: string;
  dynamic: boolean;
  /** Unquoted glob characters: the shell may replace it with file names. */
  glob: boolean;
  /** The worst producer among the command substitutions inside (a downloaded or decoded text). */
  taint: Taint;
  /** For `<(…)`: what the substituted commands print. */
  procSubst?: Output;
  /** Holds a variable whose value is unknown here (set outside this command). */
  fromVar?: boolean;
}

export interface Expander {
  vars: Map<string, string>;
  /** Indexed arrays assigned earlier (`a=(rm -rf /)`), for "${a[@]}". */
  arrays?: Map<string, string[]>;
  /** Analyses nested statements (they run) and says what they print. */
  run: (stmts: ShStmt[]) => Output;
}

type Piece = {
  text: string;
  split: boolean;
  dynamic: boolean;
  glob: boolean;
  taint: Taint;
  proc?: Output;
  fromVar?: boolean;
  /** "${a[@]}": each element its own field, even inside quotes. */
  elements?: string[];
};
const MAX_FIELDS = 256;

const worst = (a: Taint, b: Taint): Taint => (a === "download" || b === "download" ? "download" : (a ?? b));
export const taintOf = (o: Output): Taint => (o.kind === "download" || o.kind === "decode" ? o.kind : null);

const SIMPLE_ESC: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** `$'…'`, `echo -e` and printf escapes: \n, \xHH, \NNN (octal), \uHHHH, \UHHHHHHHH, \cX. */
export function decodeEscapes(s: string): string {
  return s.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|0?[0-7]{1,3}|c.|.)/gs,
    (all, e: string) => {
      const c = e[0]!;
      if (c === "x" || c === "u" || c === "U") return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
      if (/[0-7]/.test(c)) return String.fromCharCode(Number.parseInt(e, 8) & 0xff);
      if (c === "c" && e.length === 2) return String.fromCharCode(e.charCodeAt(1) & 0x1f);
      return SIMPLE_ESC[c] ?? all;
    },
  );
}

const unescapeBare = (s: string) => s.replace(/\\([\s\S])/g, "$1");
const unescapeDouble = (s: string) => s.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === "\n" ? "" : c));
const hasGlob = (raw: string) => /(^|[^\\])[*?[]/.test(raw);

function piece(text: string, o: Partial<Piece> = {}): Piece {
  return { text, split: false, dynamic: false, glob: false, taint: null, ...o };
}
const hole = (taint: Taint = null, split = false): Piece => piece(HOLE, { dynamic: true, taint, split });

/** Runs every statement found below `node` (e.g. inside $((…)) or ${x/$(…)/}) and yields a HOLE. */
function runInside(node: ShNode, ex: Expander): Piece {
  let taint: Taint = null;
  walk(node, (n) => {
    const t = nodeType(n);
    if (t === "CmdSubst" || t === "ProcSubst") {
      taint = worst(
        taint,
        taintOf(ex.run(((n as unknown as { Stmts: ShStmt[] }).Stmts ?? []).filter(Boolean))),
      );
      return false;
    }
    return true;
  });
  return hole(taint);
}

const join = (fields: Field[]) => fields.map((f) => f.text).join(" ");

function param(pe: sh.ParamExp, quoted: boolean, ex: Expander): Piece {
  const name = pe.Param?.Value ?? "";
  const known = ex.vars.get(name);
  const split = !quoted;
  const array = ex.arrays?.get(name);
  if (pe.Index && array && !pe.Length && !pe.Excl && !pe.Repl && !pe.Slice && !pe.Exp) {
    const idx = (pe.Index as unknown as ShWord).Lit?.() ?? "";
    if (idx === "@" || idx === "*") return piece(array.join(" "), { split, elements: array });
    if (/^\d+$/.test(idx)) return piece(array[Number(idx)] ?? "", { split });
  }
  if (pe.Length || pe.Excl || pe.Index || pe.Repl || (pe.Names as unknown as number))
    return runInside(pe, ex);
  if (pe.Slice) {
    const lit = (w: unknown) => (w ? (w as ShWord).Lit?.() : "0");
    const off = Number(lit(pe.Slice.Offset));
    const len = pe.Slice.Length ? Number(lit(pe.Slice.Length)) : undefined;
    if (
      known !== undefined &&
      Number.isInteger(off) &&
      off >= 0 &&
      (len === undefined || Number.isInteger(len))
    ) {
      return piece(known.substr(off, len), { split });
    }
    return runInside(pe, ex);
  }
  if (pe.Exp) {
    const op = pe.Exp.Op as unknown as number;
    const word = pe.Exp.Word ? join(expandWord(pe.Exp.Word, ex)) : "";
    const defaults: number[] = [OP.defaultUnset, OP.defaultNull, OP.assignUnset, OP.assignNull];
    const alternates: number[] = [OP.alternateUnset, OP.alternateNull];
    if (defaults.includes(op)) {
      if (known !== undefined && (known !== "" || op === OP.defaultUnset || op === OP.assignUnset)) {
        return piece(known, { split });
      }
      return piece(word, { split, dynamic: known === undefined, fromVar: known === undefined });
    }
    // ${X:?} stops the shell rather than expand to nothing: unknown, but never empty.
    if ((op === OP.errorUnset || op === OP.errorNull) && known === undefined) {
      return piece(FOUND_PATH, { split, dynamic: true, fromVar: true });
    }
    if (alternates.includes(op))
      return piece(known === undefined ? word : known === "" ? "" : word, {
        split,
        dynamic: known === undefined,
      });
    return runInside(pe, ex);
  }
  if (known !== undefined) return piece(known, { split });
  return { ...hole(null, split), fromVar: true };
}

function pieces(part: ShNode, quoted: boolean, ex: Expander): Piece[] {
  switch (nodeType(part)) {
    case "Lit": {
      const raw = (part as sh.Lit).Value;
      return [piece(quoted ? unescapeDouble(raw) : unescapeBare(raw), { glob: !quoted && hasGlob(raw) })];
    }
    case "SglQuoted": {
      const q = part as sh.SglQuoted;
      return [piece(q.Dollar ? decodeEscapes(q.Value) : q.Value)];
    }
    case "DblQuoted":
      return (part as sh.DblQuoted).Parts.flatMap((p) => pieces(p, true, ex)).concat(piece(""));
    case "ParamExp":
      return [param(part as sh.ParamExp, quoted, ex)];
    case "CmdSubst": {
      const out = ex.run(((part as sh.CmdSubst).Stmts ?? []).filter((s): s is ShStmt => s !== null));
      if (out.kind === "static") return [piece(out.text.replace(/\n+$/, ""), { split: !quoted })];
      return [hole(taintOf(out), !quoted)];
    }
    case "ProcSubst": {
      const out = ex.run(((part as sh.ProcSubst).Stmts ?? []).filter((s): s is ShStmt => s !== null));
      return [piece("/dev/fd/63", { dynamic: true, taint: taintOf(out), proc: out })];
    }
    case "ExtGlob":
      return [piece((part as unknown as { Pattern: sh.Lit }).Pattern?.Value ?? HOLE, { glob: true })];
    default:
      return [runInside(part, ex)];
  }
}

/** Alternatives of a word after brace expansion, each a list of pieces. */
function alternatives(word: ShWord, ex: Expander): Piece[][] {
  let alts: Piece[][] = [[]];
  for (const part of word.Parts) {
    if (nodeType(part) === "BraceExp") {
      const b = part as unknown as { Sequence: boolean; Elems: ShWord[] };
      if (b.Sequence) {
        alts = alts.map((a) => [...a, hole()]);
        continue;
      }
      const elems = b.Elems.flatMap((e) => alternatives(e, ex));
      alts = alts.flatMap((a) => elems.map((e) => [...a, ...e])).slice(0, MAX_FIELDS);
      continue;
    }
    const ps = pieces(part, false, ex);
    alts = alts.map((a) => [...a, ...ps]);
  }
  return alts;
}

function fieldsOf(ps: Piece[], ifs: string): Field[] {
  const out: Field[] = [];
  let cur: Field | null = null;
  const open = (): Field => {
    cur ??= { text: "", dynamic: false, glob: false, taint: null };
    return cur;
  };
  const close = () => {
    if (cur) out.push(cur);
    cur = null;
  };
  const sep = ifs ? new RegExp(`[${ifs.replace(/[\\\]^-]/g, "\\$&")}]`) : null;
  const white = /^[ \t\n]*$/.test(ifs);
  for (const p of ps) {
    if (p.elements) {
      p.elements.forEach((e, i) => {
        if (i > 0) close();
        open().text += e;
      });
      continue;
    }
    if (!p.split || p.dynamic || !sep) {
      const f = open();
      f.text += p.text;
      f.dynamic ||= p.dynamic;
      f.glob ||= p.glob;
      f.taint = worst(f.taint, p.taint);
      if (p.proc) f.procSubst = p.proc;
      if (p.fromVar) f.fromVar = true;
      continue;
    }
    const tokens = p.text.split(sep);
    tokens.forEach((t, i) => {
      if (i > 0) close();
      if (t === "" && white) return;
      open().text += t;
    });
  }
  close();
  return out.filter((f) => f.text !== "" || f.dynamic || ps.some((p) => !p.split && p.text === ""));
}

/** The fields a word becomes (none for an unquoted empty expansion). */
export function expandWord(word: ShWord, ex: Expander): Field[] {
  const braced = word.Parts.some((p) => nodeType(p) === "Lit" && (p as sh.Lit).Value.includes("{"))
    ? splitBraces(word)
    : word;
  const ifs = ex.vars.get("IFS") ?? " \t\n";
  return alternatives(braced, ex)
    .flatMap((ps) => fieldsOf(ps, ifs))
    .slice(0, MAX_FIELDS);
}
