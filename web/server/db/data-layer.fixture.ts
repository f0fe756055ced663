// A migrated, empty database per provider for data-layer tests: a temp SQLite file or a temp
// PostgreSQL database (scripts/testing/postgres.fixture.ts), migrated with the real deploy path.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deploy } from "../../../scripts/migrate/deploy";
import { createTempDatabase } from "../../../scripts/testing/postgres.fixture";
import { createDb, type Db } from "./client";

export interface TestDb {
  url: string;
  db: Db;
  close(): Promise<void>;
}

async function open(url: string, cleanup: () => Promise<void>): Promise<TestDb> {
  await deploy(url, { engine: "wasm" });
  const db = createDb(url);
  return {
    url,
    db,
    close: async () => {
      await db.$disconnect();
      await cleanup();
    },
  };
}

export async function sqliteTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-db-"));
  return open(`file:${path.join(dir, "test.db")}`, async () => rmSync(dir, { recursive: true, force: true }));
}

export async function postgresTestDb(): Promise<TestDb> {
  const pg = await createTempDatabase();
  return open(pg.url, () => pg.drop());
}
