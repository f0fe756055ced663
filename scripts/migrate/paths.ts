// Where the schema, the migrations and the default database live. Everything is resolved against
// the repo root so the scripts behave the same from any working directory.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type Provider = "sqlite" | "postgresql";

export const sqliteSchemaPath = path.join(repoRoot, "prisma/schema.prisma");
export const postgresSchemaPath = path.join(repoRoot, "prisma/postgres/schema.prisma");

export function schemaPath(provider: Provider): string {
  return provider === "sqlite" ? sqliteSchemaPath : postgresSchemaPath;
}

export function migrationsDir(provider: Provider): string {
  return path.join(path.dirname(schemaPath(provider)), "migrations");
}

export const defaultDatabaseUrl = "file:./.data/kalpana.db";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function providerForUrl(url: string): Provider {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

/**
 * Turns a `file:` URL into an absolute path. Relative paths are taken from the repo root (not the
 * cwd) so `npm run db:migrate`, the dev server and the tests all agree on one database file.
 */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (raw === ":memory:") return raw;
  return path.isAbsolute(raw) ? raw : path.resolve(repoRoot, raw);
}
