import { BridgeError, errnoOf, isBridgeError } from "../errors";

/** rg exits 1 for "no matches" (not an error) and 2 for bad patterns or unreadable paths. */
export function classifySearchError(e: unknown, stderr = ""): BridgeError {
  if (isBridgeError(e)) return e;
  if (errnoOf(e) === "ENOENT")
    return new BridgeError("EINTERNAL", "ripgrep (rg) is not installed in this workspace");
  const firstLine = stderr.split("\n").find((l) => l.trim() !== "") ?? "search failed";
  if (/regex parse error|error parsing glob|unrecognized|invalid/i.test(stderr)) {
    return new BridgeError("EINVAL", stderr.trim().slice(0, 2000));
  }
  return new BridgeError("EINTERNAL", firstLine.slice(0, 500));
}
