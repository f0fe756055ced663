// Where the schema and the migrations live (database URLs: web/server/db/url.ts). Everything is resolved against
// the repo root so the scripts behave the same from any working directory.
import path from "node:path";
import { isPostgresUrl, sqliteFilePath } from "../../web/server/db/url";
import { repoRoot } from "../repo-root";

export { repoRoot };

export type Provider = "sqlite" | "postgresql";

export const sqliteSchemaPath = path.join(repoRoot, "prisma/schema.prisma");
export const postgresSchemaPath = path.join(repoRoot, "prisma/postgres/schema.prisma");

export function schemaPath(provider: Provider): string {
  return provider === "sqlite" ? sqliteSchemaPath : postgresSchemaPath;
}

export function migrationsDir(provider: Provider): string {
  return path.join(path.dirname(schemaPath(provider)), "migrations");
}

export { isPostgresUrl, sqliteFilePath };

export function providerForUrl(url: string): Provider {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}
