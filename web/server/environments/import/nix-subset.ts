// A reader for the data-only subset of the Nix language that .idx/dev.nix files are written in:
// a function header (`{ pkgs, ... }:`), attribute sets (with dotted and quoted keys, `rec`),
// lists, strings (with escapes; `''…''` too), numbers, booleans, null, attribute references
// (`pkgs.nodejs_20`) and `with pkgs; [ … ]`. Anything else (let, if, function calls, operators,
// interpolation, imports) is never evaluated: it becomes an "unsupported" value naming the line,
// so the converter can say what it left out.
//
// Why a reader and not Nix itself: evaluating needs a nixpkgs to resolve `pkgs.*` (a download, or
// the offline stub that lacks most names), a throwaway container per inspection (seconds and memory
// on every repository picked in the form), and evaluation of hostile code still reaches imports,
// fetchers and import-from-derivation unless each is locked down. This subset covers the dev.nix
// files Firebase Studio (IDX) writes and documents, runs in microseconds, has no side effects, and
// reports exactly what it did not understand.

export type NixValue =
  | { kind: "attrs"; entries: Map<string, NixValue> }
  | { kind: "list"; items: NixValue[] }
  | { kind: "string"; value: string; interpolated: boolean }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "null" }
  | { kind: "ref"; path: string[] }
  | { kind: "unsupported"; line: number; text: string };

type Token = { t: string; v: string; line: number; interpolated?: boolean };

export class NixSubsetError extends Error {}

const MAX_TOKENS = 20_000;
const MAX_DEPTH = 32;
const IDENT = /[A-Za-z_][A-Za-z0-9_'-]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?/y;
const PUNCT = ["...", "++", "//", "==", "!=", "->", "<=", ">=", "&&", "||"];

/** Reads `${ … }` starting at i (just past "${"), returning the index past its closing brace. */
function skipInterpolation(src: string, i: number): number {
  let depth = 1;
  while (i < src.length && depth > 0) {
    if (src[i] === "{") depth++;
    else if (src[i] === "}") depth--;
    i++;
  }
  return i;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (t: string, v: string, extra: Partial<Token> = {}) => {
    if (out.length >= MAX_TOKENS) throw new NixSubsetError("the file has too many tokens");
    out.push({ t, v, line, ...extra });
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === "#") while (i < src.length && src[i] !== "\n") i++;
    else if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === "\n") line++;
      i = stop;
    } else if (c === '"') {
      let v = "";
      let interpolated = false;
      const startLine = line;
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\" && i + 1 < src.length) {
          const e = src[i + 1] as string;
          v += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e;
          i += 2;
        } else if (src.startsWith("${", i)) {
          const end = skipInterpolation(src, i + 2);
          v += src.slice(i, end);
          interpolated = true;
          i = end;
        } else {
          if (src[i] === "\n") line++;
          v += src[i];
          i++;
        }
      }
      if (i >= src.length) throw new NixSubsetError(`a string starting on line ${startLine} never ends`);
      i++;
      out.push({ t: "string", v, line: startLine, interpolated });
    } else if (src.startsWith("''", i)) {
      let v = "";
      let interpolated = false;
      const startLine = line;
      i += 2;
      for (;;) {
        if (i >= src.length) throw new NixSubsetError(`a string starting on line ${startLine} never ends`);
        if (src.startsWith("'''", i)) {
          v += "''";
          i += 3;
        } else if (src.startsWith("''$", i)) {
          v += "$";
          i += 3;
        } else if (src.startsWith("''\\", i)) {
          const e = src[i + 3] ?? "";
          v += e === "n" ? "\n" : e === "t" ? "\t" : e;
          i += 4;
        } else if (src.startsWith("''", i)) {
          i += 2;
          break;
        } else if (src.startsWith("${", i)) {
          const end = skipInterpolation(src, i + 2);
          v += src.slice(i, end);
          interpolated = true;
          i = end;
        } else {
          if (src[i] === "\n") line++;
          v += src[i];
          i++;
        }
      }
      out.push({ t: "string", v: dedent(v), line: startLine, interpolated });
    } else {
      IDENT.lastIndex = i;
      NUMBER.lastIndex = i;
      const id = IDENT.exec(src);
      const num = id ? null : NUMBER.exec(src);
      const p = PUNCT.find((x) => src.startsWith(x, i));
      if (id) {
        push("ident", id[0]);
        i += id[0].length;
      } else if (num) {
        push("number", num[0]);
        i += num[0].length;
      } else if (p) {
        push(p, p);
        i += p.length;
      } else {
        push(c, c);
        i++;
      }
    }
  }
  push("eof", "");
  return out;
}

/** Nix strips the common indentation of `''` strings and a first line that is only whitespace. */
function dedent(s: string): string {
  const lines = s.replace(/^[ \t]*\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => (/^[ \t]*/.exec(l) as RegExpExecArray)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

const OPENERS: Record<string, string> = { "{": "}", "[": "]", "(": ")" };

class Parser {
  private i = 0;
  private depth = 0;
  /** Prefixes that `with X;` put in scope: a bare `nodejs` under `with pkgs;` is `pkgs.nodejs`. */
  private withScopes: string[][] = [];

  constructor(
    private readonly toks: Token[],
    private readonly src: string,
  ) {}

  private get tok(): Token {
    return this.toks[this.i] as Token;
  }
  private next(): Token {
    const t = this.tok;
    if (t.t !== "eof") this.i++;
    return t;
  }
  private expect(t: string): void {
    if (this.tok.t !== t)
      throw new NixSubsetError(`line ${this.tok.line}: expected "${t}", found "${this.tok.v}"`);
    this.i++;
  }

  /** Past one balanced primary (a bracketed group or a single token). */
  private skipPrimary(): void {
    const open = this.next();
    const close = OPENERS[open.t];
    if (!close) return;
    let depth = 1;
    while (depth > 0 && this.tok.t !== "eof") {
      const t = this.next();
      if (OPENERS[t.t]) depth++;
      else if (t.t === "}" || t.t === "]" || t.t === ")") depth--;
    }
  }

  /** Skips to the `stop` token at this bracket depth (not past it); returns a short excerpt. */
  private skipUntil(stops: string[]): NixValue {
    const start = this.tok;
    let depth = 0;
    let lets = 0;
    while (this.tok.t !== "eof") {
      const t = this.tok;
      if (depth === 0 && lets === 0 && stops.includes(t.t)) break;
      if (t.t === "ident" && t.v === "let") lets++;
      if (t.t === "ident" && t.v === "in" && lets > 0) lets--;
      if (OPENERS[t.t]) depth++;
      else if (t.t === "}" || t.t === "]" || t.t === ")") {
        if (depth === 0) break;
        depth--;
      }
      this.i++;
    }
    return this.unsupported(start);
  }

  private unsupported(start: Token): NixValue {
    const lineText = this.src.split("\n")[start.line - 1] ?? "";
    return { kind: "unsupported", line: start.line, text: lineText.trim().slice(0, 80) };
  }

  /** The whole file: an optional function header, then one value. */
  file(): NixValue {
    this.skipHeader();
    const v = this.valueUntil(["eof"]);
    if (this.tok.t !== "eof") throw new NixSubsetError(`line ${this.tok.line}: unexpected "${this.tok.v}"`);
    return v;
  }

  private skipHeader(): void {
    const at = (k: number) => (this.toks[k] as Token).t;
    // `pkgs:` or `args@{ … }:`
    if (at(0) === "ident" && at(1) === ":") {
      this.i = 2;
      return;
    }
    if (at(0) === "ident" && at(1) === "@") this.i = 2;
    if (at(this.i) !== "{") return;
    // `{ pkgs, ... }:` — a set pattern is followed by ":" (or "@name:"); a set value is not.
    const save = this.i;
    this.skipPrimary();
    if (at(this.i) === "@") this.i += 2;
    if (at(this.i) === ":") this.i++;
    else this.i = save;
  }

  /** A value that must be followed by one of `stops`; anything more is unsupported. */
  private valueUntil(stops: string[]): NixValue {
    const start = this.tok;
    if (start.t === "ident" && ["let", "if", "assert", "import"].includes(start.v))
      return this.skipUntil(stops);
    if (start.t === "ident" && start.v === "with") {
      this.i++;
      const scope = this.tok;
      if (scope.t !== "ident") return this.skipUntil(stops);
      const path = this.selectPath();
      if (this.tok.t !== ";") return this.skipUntil(stops);
      this.i++;
      this.withScopes.push(path);
      try {
        return this.valueUntil(stops);
      } finally {
        this.withScopes.pop();
      }
    }
    const v = this.primary();
    if (stops.includes(this.tok.t)) return v;
    // An operator or a function application follows: the whole expression is out of the subset.
    this.skipUntil(stops);
    return this.unsupported(start);
  }

  private selectPath(): string[] {
    const path = [this.next().v];
    while (this.tok.t === "." && this.toks[this.i + 1]?.t === "ident") {
      this.i++;
      path.push(this.next().v);
    }
    return path;
  }

  private primary(): NixValue {
    if (++this.depth > MAX_DEPTH) throw new NixSubsetError("the file nests too deeply");
    try {
      const t = this.tok;
      if (t.t === "{") return this.attrs();
      if (t.t === "ident" && t.v === "rec" && this.toks[this.i + 1]?.t === "{") {
        this.i++;
        return this.attrs();
      }
      if (t.t === "[") return this.list();
      if (t.t === "string") {
        this.i++;
        return { kind: "string", value: t.v, interpolated: Boolean(t.interpolated) };
      }
      if (t.t === "number") {
        this.i++;
        return { kind: "number", value: Number(t.v) };
      }
      if (t.t === "ident") {
        if (t.v === "true" || t.v === "false") {
          this.i++;
          return { kind: "bool", value: t.v === "true" };
        }
        if (t.v === "null") {
          this.i++;
          return { kind: "null" };
        }
        const path = this.selectPath();
        if (this.tok.t === "ident" && this.tok.v === "or") {
          this.skipUntil([";", "]", "}"]);
          return this.unsupported(t);
        }
        const scope = this.withScopes.at(-1);
        return { kind: "ref", path: scope && path[0] !== scope[0] ? [...scope, ...path] : path };
      }
      this.skipPrimary();
      return this.unsupported(t);
    } finally {
      this.depth--;
    }
  }

  private list(): NixValue {
    this.expect("[");
    const items: NixValue[] = [];
    while (this.tok.t !== "]") {
      if (this.tok.t === "eof") throw new NixSubsetError("a list never ends");
      // Nix lists hold selects, not applications: `[ f (x) ]` is two items, as here.
      items.push(this.primary());
    }
    this.i++;
    return { kind: "list", items };
  }

  private attrs(): NixValue {
    this.expect("{");
    const entries = new Map<string, NixValue>();
    while (this.tok.t !== "}") {
      if (this.tok.t === "eof") throw new NixSubsetError("an attribute set never ends");
      const start = this.tok;
      if (start.t === "ident" && start.v === "inherit") {
        this.skipUntil([";"]);
        this.expect(";");
        entries.set(`<inherit line ${start.line}>`, this.unsupported(start));
        continue;
      }
      const path: string[] = [];
      let dynamicKey = false;
      for (;;) {
        const k = this.next();
        if (k.t === "ident") path.push(k.v);
        else if (k.t === "string" && !k.interpolated) path.push(k.v);
        else dynamicKey = true;
        if (this.tok.t !== ".") break;
        this.i++;
      }
      this.expect("=");
      const value = this.valueUntil([";"]);
      this.expect(";");
      if (dynamicKey) entries.set(`<dynamic line ${start.line}>`, this.unsupported(start));
      else setPath(entries, path, value);
    }
    this.i++;
    return { kind: "attrs", entries };
  }
}

function setPath(entries: Map<string, NixValue>, path: string[], value: NixValue): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (!rest.length) {
    const old = entries.get(head);
    if (old?.kind === "attrs" && value.kind === "attrs")
      for (const [k, v] of value.entries) setPath(old.entries, [k], v);
    else entries.set(head, value);
    return;
  }
  let child = entries.get(head);
  if (child?.kind !== "attrs") {
    child = { kind: "attrs", entries: new Map() };
    entries.set(head, child);
  }
  setPath(child.entries, rest, value);
}

/** Parses a dev.nix-style file; throws NixSubsetError when even the outline is not Nix data. */
export function parseNixSubset(src: string): NixValue {
  return new Parser(tokenize(src), src).file();
}
