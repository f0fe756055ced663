// DATABASE_URL handling shared by the Prisma client: which provider, and where a SQLite file is.
// Server-only (by convention): never import from client components.
import path from "node:path";
import { repoRoot } from "../paths";

export const defaultDatabaseUrl = "file:./.data/kalpana.db";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Absolute path of a `file:` URL; relative paths are taken from the repo root, not the cwd. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (raw === ":memory:") return raw;
  return path.isAbsolute(raw) ? raw : path.resolve(repoRoot, raw);
}
