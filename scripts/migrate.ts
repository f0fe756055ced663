// One entry point for the database schema (see prisma/schema.prisma):
//   tsx scripts/migrate.ts deploy          apply committed migrations to DATABASE_URL (npm run db:migrate)
//   tsx scripts/migrate.ts diff <name>     add a migration for SQLite AND PostgreSQL (npm run db:diff -- <name>)
//   tsx scripts/migrate.ts generate        regenerate the PostgreSQL schema + both Prisma clients
//   tsx scripts/migrate.ts check           fail if the committed migrations drift from the schema
// DATABASE_URL defaults to SQLite in the data folder (KALPANA_DATA_DIR, else .data/ in the repo root); a postgres:// URL
// selects the PostgreSQL migrations. `diff` and `check` need a PostgreSQL server for the shadow
// database: KALPANA_POSTGRES_URL, or else the local cluster (started on demand).
import { pathToFileURL } from "node:url";
import { redactUrlCredentials } from "../bridge/protocol/redact-url";
import { databaseUrlFrom } from "../web/server/db/url";
import { createMigrations } from "./migrate/create-migration";
import { deploy } from "./migrate/deploy";
import { checkDrift } from "./migrate/drift";
import { generate } from "./migrate/generate";
import { writePostgresSchema } from "./migrate/postgres-schema";

export { checkDrift, createMigrations, deploy, generate, writePostgresSchema };

/** Runs `fn` with a PostgreSQL URL whose server can host shadow databases. */
async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (process.env.KALPANA_POSTGRES_URL) return fn(process.env.KALPANA_POSTGRES_URL);
  const { createTempDatabase } = await import("./testing/postgres.fixture");
  const db = await createTempDatabase("kalpana_migrate");
  try {
    return await fn(db.url);
  } finally {
    await db.drop();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "deploy": {
      const url = databaseUrlFrom();
      const result = await deploy(url);
      if (result.engine === "wasm") {
        const names = result.applied.length ? result.applied.join(", ") : "none (already up to date)";
        console.log(`[migrate] ${redactUrlCredentials(url)}: applied ${names}`);
      }
      return 0;
    }
    case "diff": {
      const name = args[0];
      if (!name) throw new Error("usage: migrate.ts diff <name>");
      writePostgresSchema();
      const created = await withPostgres((url) => createMigrations(name, { postgresUrl: url }));
      for (const c of created) console.log(`[migrate] ${c.provider}: ${c.name ?? "no schema changes"}`);
      return 0;
    }
    case "generate":
      generate();
      return 0;
    case "check": {
      const results = [
        { provider: "sqlite", ...(await checkDrift("file::memory:")) },
        { provider: "postgresql", ...(await withPostgres((url) => checkDrift(url))) },
      ];
      for (const r of results) {
        console.log(
          `[migrate] ${r.provider}: ${r.drifted ? `DRIFT, missing migration:\n${r.script}` : "in sync"}`,
        );
      }
      return results.some((r) => r.drifted) ? 1 : 0;
    }
    default:
      console.error("usage: migrate.ts deploy | diff <name> | generate | check");
      return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[migrate] ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
