// `db:diff <name>`: writes a new migration for BOTH providers from the schema changes, under one
// folder name so the two histories stay in step. The wasm engine's createMigration cannot reach a
// shadow database (it is not handed the adapter factory), so we use `diff` from the committed
// migrations to the schema, which is what createMigration computes, and write the folder ourselves.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkDrift } from "./drift";
import { lockFileName, lockFileText } from "./migrations";
import { migrationsDir, type Provider } from "./paths";

export interface CreatedMigration {
  provider: Provider;
  /** Folder name `<timestamp>_<name>`, or null when the schema had no changes. */
  name: string | null;
  dir: string;
}

export interface CreateOptions {
  /** A PostgreSQL URL; the engine creates (and drops) its shadow database on that server. */
  postgresUrl: string;
  /** Override the folders (tests write into temp copies). */
  sqliteDir?: string;
  postgresDir?: string;
  /** Override the schema texts (tests). */
  sqliteSchema?: string;
  postgresSchema?: string;
  now?: Date;
}

/** Prisma's folder timestamp: UTC YYYYMMDDHHMMSS. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function writeMigration(provider: Provider, baseDir: string, folder: string, script: string): string {
  const dir = path.join(baseDir, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), `${script}\n`);
  writeFileSync(path.join(baseDir, lockFileName), lockFileText(provider));
  return dir;
}

export async function createMigrations(name: string, options: CreateOptions): Promise<CreatedMigration[]> {
  if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`migration name must match [a-z0-9_]+, got "${name}"`);
  const folder = `${migrationTimestamp(options.now ?? new Date())}_${name}`;
  const targets = [
    {
      provider: "sqlite" as const,
      url: "file::memory:",
      dir: options.sqliteDir ?? migrationsDir("sqlite"),
      schema: options.sqliteSchema,
    },
    {
      provider: "postgresql" as const,
      url: options.postgresUrl,
      dir: options.postgresDir ?? migrationsDir("postgresql"),
      schema: options.postgresSchema,
    },
  ];
  const created: CreatedMigration[] = [];
  for (const t of targets) {
    const drift = await checkDrift(t.url, { schema: t.schema, migrationsDir: t.dir });
    created.push({
      provider: t.provider,
      name: drift.drifted ? folder : null,
      dir: drift.drifted ? writeMigration(t.provider, t.dir, folder, drift.script) : t.dir,
    });
  }
  return created;
}
