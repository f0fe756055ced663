// git prints progress on stderr as "\r"-rewritten lines such as
// "Receiving objects:  42% (21/50), 1.2 MiB | 3 MiB/s". Each phase gets a slice of an overall
// 0-100 so the UI can show one bar; receiving the objects is what takes the time.
const PHASES: [RegExp, string, number, number][] = [
  [/Enumerating objects/, "enumerating", 0, 2],
  [/Counting objects/, "counting", 2, 5],
  [/Compressing objects/, "compressing", 5, 10],
  [/Receiving objects/, "receiving", 10, 85],
  [/Writing objects/, "writing", 10, 90],
  [/Resolving deltas/, "resolving", 85, 95],
  [/Updating files|Checking out files/, "checkout", 95, 100],
];

export interface Progress {
  phase: string;
  percent: number;
  overall: number;
}

export function parseProgressLine(line: string): Progress | undefined {
  const m = /:\s+(\d{1,3})%/.exec(line);
  if (!m) return undefined;
  const percent = Math.min(100, Number(m[1]));
  for (const [re, phase, from, to] of PHASES) {
    if (re.test(line)) return { phase, percent, overall: Math.round(from + ((to - from) * percent) / 100) };
  }
  return undefined;
}

/** Feed stderr text; calls `onProgress` once per change of phase or percent. */
export function progressReader(onProgress: (p: Progress) => void): (text: string) => void {
  let partial = "";
  let last = "";
  return (text) => {
    const lines = (partial + text).split(/[\r\n]/);
    partial = lines.pop() ?? "";
    for (const line of [...lines, partial]) {
      const p = parseProgressLine(line);
      if (!p) continue;
      const key = `${p.phase}:${p.percent}`;
      if (key === last) continue;
      last = key;
      onProgress(p);
    }
  };
}
