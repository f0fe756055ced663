import type { Result } from "../../protocol/index";

type Match = Result<"search:grep">["matches"][number];

interface RgText {
  text?: string;
  bytes?: string;
}
interface RgLine {
  type: string;
  data?: { path?: RgText; lines?: RgText; line_number?: number; submatches?: { start: number }[] };
}

const textOf = (t: RgText | undefined) =>
  (t?.text ?? (t?.bytes ? Buffer.from(t.bytes, "base64").toString("utf8") : "")).replace(/\r?\n$/, "");

/**
 * Folds rg's JSON stream into matches with their context. rg prints context lines between
 * matches once; a line within `context` after the previous match is its "after", a line
 * within `context` before the next match is that match's "before" (it can be both).
 */
export class RgParser {
  readonly matches: Match[] = [];
  private pending: { line: number; text: string }[] = [];
  private last: { match: Match; path: string } | undefined;
  constructor(
    private readonly context: number,
    private readonly stripPrefix: (p: string) => string,
  ) {}

  /** Returns false when the line could not be used (not JSON or not a known message). */
  push(raw: string): boolean {
    let msg: RgLine;
    try {
      msg = JSON.parse(raw) as RgLine;
    } catch {
      return false;
    }
    const d = msg.data;
    if (msg.type === "begin") {
      this.pending = [];
      this.last = undefined;
    } else if (msg.type === "context" && d?.line_number !== undefined) {
      const entry = { line: d.line_number, text: textOf(d.lines) };
      if (this.last && entry.line <= this.last.match.line + this.context)
        this.last.match.after.push(entry.text);
      this.pending.push(entry);
      if (this.pending.length > this.context) this.pending.shift();
    } else if (msg.type === "match" && d?.line_number !== undefined) {
      const line = d.line_number;
      const before = this.pending
        .filter((c) => c.line >= line - this.context && c.line < line)
        .map((c) => c.text);
      const lineText = textOf(d.lines);
      const byteStart = d.submatches?.[0]?.start ?? 0;
      const column = Buffer.from(lineText, "utf8").subarray(0, byteStart).toString("utf8").length + 1;
      const match: Match = {
        path: this.stripPrefix(textOf(d.path)),
        line,
        column,
        text: lineText,
        before,
        after: [],
      };
      this.matches.push(match);
      this.last = { match, path: match.path };
      this.pending = [];
    }
    return true;
  }
}
