import type { Dirent, Stats } from "node:fs";

export type EntryType = "file" | "dir" | "symlink" | "other";

export function entryType(s: Stats | Dirent): EntryType {
  if (s.isSymbolicLink()) return "symlink";
  if (s.isDirectory()) return "dir";
  if (s.isFile()) return "file";
  return "other";
}
