import { errnoOf, isOpError, OpError } from "../errors";

/** rg exits 1 for "no matches" (not an error) and 2 for bad patterns or unreadable paths. */
export function classifySearchError(e: unknown, stderr = ""): OpError {
  if (isOpError(e)) return e;
  if (errnoOf(e) === "ENOENT")
    return new OpError("EINTERNAL", "ripgrep (rg) is not installed in this workspace");
  const firstLine = stderr.split("\n").find((l) => l.trim() !== "") ?? "search failed";
  if (/regex parse error|error parsing glob|unrecognized|invalid/i.test(stderr)) {
    return new OpError("EINVAL", stderr.trim().slice(0, 2000));
  }
  return new OpError("EINTERNAL", firstLine.slice(0, 500));
}
