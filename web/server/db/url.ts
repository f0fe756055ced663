// DATABASE_URL handling shared by the Prisma client: which provider, and where a SQLite file is.
// Server-only (by convention): never import from client components.
import path from "node:path";
import { repoRoot } from "../paths";

/** The data folder: KALPANA_DATA_DIR (relative to the repo root) or `.data/`. */
export function dataDirFrom(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(repoRoot, env.KALPANA_DATA_DIR || ".data");
}

/** DATABASE_URL, else SQLite in the data folder: the server, the migrate command and tests agree. */
export function databaseUrlFrom(env: Record<string, string | undefined> = process.env): string {
  return env.DATABASE_URL || `file:${path.join(dataDirFrom(env), "kalpana.db")}`;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Absolute path of a `file:` URL; relative paths are taken from the repo root, not the cwd. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (raw === ":memory:") return raw;
  return path.isAbsolute(raw) ? raw : path.resolve(repoRoot, raw);
}
