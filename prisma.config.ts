// Prisma CLI config, for machines where the native schema engine is available (plain
// `prisma migrate deploy|status`). DATABASE_URL picks the provider: a postgres URL uses the
// generated PostgreSQL schema and its migrations, anything else the SQLite ones. Kalpana's own
// entry point is `npm run db:migrate` (scripts/migrate.ts), which also works without that engine.
import path from "node:path";
import { defineConfig } from "prisma/config";

const root = import.meta.dirname;
const url = process.env.DATABASE_URL ?? "file:./.data/kalpana.db";
const postgres = /^postgres(ql)?:\/\//i.test(url);
const dir = postgres ? "prisma/postgres" : "prisma";

// Relative SQLite paths are taken from the repo root, as everywhere else in Kalpana.
function absolute(sqliteUrl: string): string {
  const file = sqliteUrl.replace(/^file:/, "");
  return path.isAbsolute(file) ? sqliteUrl : `file:${path.resolve(root, file)}`;
}

export default defineConfig({
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: path.join(dir, "migrations") },
  datasource: { url: postgres ? url : absolute(url) },
});
