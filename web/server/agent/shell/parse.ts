// The one door to the shell parser: mvdan/sh (the parser behind shfmt, full Bash grammar)
// compiled to JavaScript by its author. Synchronous and ~0.4 ms for a typical command. Operator
// values are the Go token constants of that build; parse.test.ts pins them.
import sh from "mvdan-sh";

export type ShNode = sh.Node;
export type ShStmt = sh.Stmt;
export type ShWord = sh.Word;

const { syntax } = sh;
const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));

export const OP = {
  and: 10,
  or: 11,
  pipe: 12,
  pipeAll: 13,
  // redirections
  rdrOut: 54,
  appOut: 55,
  rdrIn: 56,
  rdrInOut: 57,
  dplIn: 58,
  dplOut: 59,
  clbOut: 60,
  hdoc: 61,
  dashHdoc: 62,
  wordHdoc: 63,
  rdrAll: 64,
  appAll: 65,
  // ${X-a} ${X:-a} ${X+a} ${X:+a} ${X=a} ${X:=a}
  defaultUnset: 70,
  defaultNull: 71,
  alternateUnset: 68,
  alternateNull: 69,
  assignUnset: 74,
  assignNull: 75,
  // ${X?msg} ${X:?msg}: the shell stops when X is unset (or empty)
  errorUnset: 72,
  errorNull: 73,
} as const;

/** The statements of `src`, or null when it is not valid Bash. */
export function parseShell(src: string): ShStmt[] | null {
  try {
    return parser.Parse(src, "").Stmts.filter((s): s is ShStmt => s !== null);
  } catch {
    return null;
  }
}

export const nodeType = (n: ShNode): string => syntax.NodeType(n);

/** Visits `node` and everything below it until `visit` returns false for a subtree. */
export const walk = (node: ShNode, visit: (n: ShNode) => boolean): void =>
  syntax.Walk(node, (n) => (n ? visit(n) : true));

/** The word with `{a,b}` / `{1..3}` turned into BraceExp parts, as Bash would expand them. */
export const splitBraces = (w: ShWord): ShWord => syntax.SplitBraces(w);
