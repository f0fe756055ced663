// A `next` parameter may only lead to a path of the same origin: no scheme, no host, and none of the
// forms browsers read as one ("//evil", "/\evil", control characters).
export function safePath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 4096) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  return next;
}
