// Generates prisma/postgres/schema.prisma from the one source of truth, prisma/schema.prisma.
// A datasource provider cannot come from an env var, so PostgreSQL needs its own file; the
// models are copied verbatim. The client goes to its own folder because a generated client only
// accepts a driver adapter of the provider it was generated for.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { postgresSchemaPath, sqliteSchemaPath } from "./paths";

const header = [
  "// GENERATED from prisma/schema.prisma by `tsx scripts/migrate.ts generate`. Do not edit:",
  "// change prisma/schema.prisma and regenerate (a test fails when this file is stale).",
  "",
  "",
].join("\n");

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma: cannot find ${what} to rewrite`);
  return text.replace(pattern, replacement);
}

/** Pure: the PostgreSQL schema text for a given SQLite schema text. */
export function toPostgresSchema(sqliteSchema: string): string {
  let out = sqliteSchema.replace(/^(\/\/[^\n]*\n)+\n?/, "");
  out = replaceOnce(
    out,
    /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'the datasource provider "sqlite"',
  );
  out = replaceOnce(
    out,
    /(output\s*=\s*)"\.\.\/web\/generated\/prisma"/,
    '$1"../../web/generated/prisma-postgres"',
    'the generator output "../web/generated/prisma"',
  );
  return header + out;
}

export function renderPostgresSchema(): string {
  return toPostgresSchema(readFileSync(sqliteSchemaPath, "utf8"));
}

export function writePostgresSchema(): string {
  mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
  const text = renderPostgresSchema();
  writeFileSync(postgresSchemaPath, text);
  return postgresSchemaPath;
}
