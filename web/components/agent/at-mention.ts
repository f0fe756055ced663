// "@" in the composer: which word is being typed and what the picker offers (pure, no React).
/** The "@" word being typed at the caret, if any: its start and what follows the "@". */
export function atQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2]!.length - 1, query: m[2]! } : null;
}

/** The picker's choices: open files matching the query, then the typed path itself. */
export function atChoices(openFiles: string[], query: string): string[] {
  const q = query.toLowerCase();
  const hits = openFiles.filter((f) => f.toLowerCase().includes(q)).slice(0, 8);
  return query && !hits.includes(query) ? [...hits, query] : hits;
}
