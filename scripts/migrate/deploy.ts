// `db:migrate`: applies the committed migrations of the provider the URL points at. Uses the
// binary engine through `prisma migrate deploy` when there is one, otherwise the wasm engine's
// applyMigrations, which writes the same `_prisma_migrations` rows, so either tool can take over.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { prepareSqliteFile } from "../../web/server/db/private-files";
import { findBinarySchemaEngine } from "./binary-engine";
import { noFilters, withEngine } from "./engine";
import { loadMigrationsList } from "./migrations";
import { providerForUrl, repoRoot, schemaPath, sqliteFilePath } from "./paths";

export interface DeployResult {
  engine: "binary" | "wasm";
  /** Migrations applied by this run (binary: not reported, see the printed output). */
  applied: string[];
}

/** Absolute form of the URL: relative SQLite paths are taken from the repo root. */
export function normalizeUrl(url: string): string {
  if (providerForUrl(url) === "postgresql") return url;
  const file = sqliteFilePath(url);
  prepareSqliteFile(file); // the data folder 0700, the database 0600 (see private-files.ts)
  return `file:${file}`;
}

function deployWithBinary(url: string, engineBinary: string): DeployResult {
  const prisma = path.join(repoRoot, "node_modules/prisma/build/index.js");
  execFileSync(process.execPath, [prisma, "migrate", "deploy", "--schema", schemaPath(providerForUrl(url))], {
    cwd: repoRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: url,
      PRISMA_SCHEMA_ENGINE_BINARY: engineBinary,
      CHECKPOINT_DISABLE: "1",
    },
  });
  return { engine: "binary", applied: [] };
}

async function deployWithWasm(url: string): Promise<DeployResult> {
  const provider = providerForUrl(url);
  return withEngine(url, async ({ engine }) => {
    const out = await engine.applyMigrations({
      migrationsList: loadMigrationsList(provider),
      filters: noFilters,
    });
    return { engine: "wasm", applied: out.appliedMigrationNames };
  });
}

export async function deploy(
  databaseUrl: string,
  options: { engine?: "auto" | "wasm" } = {},
): Promise<DeployResult> {
  const url = normalizeUrl(databaseUrl);
  const binary = options.engine === "wasm" ? null : findBinarySchemaEngine();
  return binary ? deployWithBinary(url, binary) : deployWithWasm(url);
}
