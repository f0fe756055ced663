// `migrate.ts generate`: refreshes prisma/postgres/schema.prisma and generates both Prisma
// clients (web/generated/prisma for SQLite, web/generated/prisma-postgres for PostgreSQL).
// `prisma generate` never runs the schema engine but refuses to start without one, so any
// executable satisfies it offline.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { findBinarySchemaEngine } from "./binary-engine";
import { repoRoot, schemaPath } from "./paths";
import { writePostgresSchema } from "./postgres-schema";

export function generate(): void {
  writePostgresSchema();
  const prisma = path.join(repoRoot, "node_modules/prisma/build/index.js");
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: findBinarySchemaEngine() ?? process.execPath,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
  for (const provider of ["sqlite", "postgresql"] as const) {
    execFileSync(process.execPath, [prisma, "generate", "--schema", schemaPath(provider)], {
      cwd: repoRoot,
      env,
      stdio: "inherit",
    });
  }
}
