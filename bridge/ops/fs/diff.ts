// A small line diff (Myers) and unified-diff printer, so fs:edit can show the model exactly what
// changed without shelling out to `diff` or pulling in a dependency.

type Op = { kind: " " | "-" | "+"; line: string };

/** Lines keep their "\n" so that a missing final newline is a real difference, as in git. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

// Beyond this many edits the O(D^2) trace costs more than it is worth: show delete-all/insert-all.
const MAX_EDIT_DISTANCE = 4000;

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[k - 1 + off]! < v[k + 1 + off]!) ? v[k + 1 + off]! : v[k - 1 + off]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[k + off] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, off);
    }
  }
  return [
    ...a.map((line) => ({ kind: "-" as const, line })),
    ...b.map((line) => ({ kind: "+" as const, line })),
  ];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], off: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[k - 1 + off]! < v[k + 1 + off]!) ? k + 1 : k - 1;
    const prevX = v[prevK + off]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: " ", line: a[x]! });
    }
    if (d > 0) ops.push(x === prevX ? { kind: "+", line: b[--y]! } : { kind: "-", line: a[--x]! });
  }
  return ops.reverse();
}

function printLine(op: Op): string {
  return op.line.endsWith("\n")
    ? `${op.kind}${op.line}`
    : `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

/** Unified diff of two texts with `context` lines around each change; "" when they are equal. */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  if (before === after) return "";
  const ops = myers(splitLines(before), splitLines(after));
  const changed = ops.map((o, i) => (o.kind === " " ? -1 : i)).filter((i) => i >= 0);
  let out = `--- a/${path}\n+++ b/${path}\n`;
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i]! - context);
    let end = changed[i]!;
    while (i + 1 < changed.length && changed[i + 1]! - end <= 2 * context) end = changed[++i]!;
    end = Math.min(ops.length - 1, end + context);
    i++;
    // Line numbers of the hunk start: count old/new lines before it.
    let oldLine = 1;
    let newLine = 1;
    for (let j = 0; j < start; j++) {
      if (ops[j]!.kind !== "+") oldLine++;
      if (ops[j]!.kind !== "-") newLine++;
    }
    const hunk = ops.slice(start, end + 1);
    const oldCount = hunk.filter((o) => o.kind !== "+").length;
    const newCount = hunk.filter((o) => o.kind !== "-").length;
    out += `@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@\n`;
    out += hunk.map(printLine).join("");
  }
  return out;
}
