// The committed migrations must produce exactly the schema, for both providers; and the check
// must actually catch a schema change that has no migration.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createTempDatabase, postgresSkipReason, type TempDatabase } from "../testing/postgres.fixture";
import { createMigrations } from "./create-migration";
import { checkDrift } from "./drift";
import { migrationsDir, postgresSchemaPath, sqliteSchemaPath } from "./paths";
import { toPostgresSchema } from "./postgres-schema";

// A field added to a copy of the schema: the drift check must notice it.
function withExtraField(schema: string): string {
  return schema.replace(/(model AuditEvent \{\n)/, "$1  extraDriftProbe String?\n");
}

describe("migrations match the schema", () => {
  const skip = postgresSkipReason();
  let pg: TempDatabase | undefined;
  before(async () => {
    if (!skip) pg = await createTempDatabase();
  });
  after(() => pg?.drop());

  it("sqlite: no drift", async () => {
    const drift = await checkDrift("file::memory:");
    assert.equal(drift.drifted, false, `missing migration:\n${drift.script}`);
  });

  it("postgresql: no drift", { skip: skip ?? false }, async () => {
    const drift = await checkDrift(pg!.url);
    assert.equal(drift.drifted, false, `missing migration:\n${drift.script}`);
  });

  it("sqlite: a schema change without a migration is reported", async () => {
    const drift = await checkDrift("file::memory:", {
      schema: withExtraField(readFileSync(sqliteSchemaPath, "utf8")),
    });
    assert.equal(drift.drifted, true);
    assert.match(drift.script, /extraDriftProbe/);
  });

  it("postgresql: a schema change without a migration is reported", { skip: skip ?? false }, async () => {
    const drift = await checkDrift(pg!.url, {
      schema: withExtraField(readFileSync(postgresSchemaPath, "utf8")),
    });
    assert.equal(drift.drifted, true);
    assert.match(drift.script, /ADD COLUMN\s+"extraDriftProbe"/);
  });

  it("db:diff writes one same-named migration per provider, after which there is no drift", {
    skip: skip ?? false,
  }, async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), "kalpana-diff-"));
    try {
      const sqliteDir = path.join(tmp, "sqlite");
      const postgresDir = path.join(tmp, "postgres");
      cpSync(migrationsDir("sqlite"), sqliteDir, { recursive: true });
      cpSync(migrationsDir("postgresql"), postgresDir, { recursive: true });
      const sqliteSchema = withExtraField(readFileSync(sqliteSchemaPath, "utf8"));
      const postgresSchema = toPostgresSchema(sqliteSchema);
      const created = await createMigrations("probe", {
        postgresUrl: pg!.url,
        sqliteDir,
        postgresDir,
        sqliteSchema,
        postgresSchema,
        now: new Date("2099-01-02T03:04:05Z"),
      });
      assert.deepEqual(
        created.map((c) => c.name),
        ["20990102030405_probe", "20990102030405_probe"],
      );
      assert.ok(readdirSync(sqliteDir).includes("20990102030405_probe"));
      const again = await checkDrift("file::memory:", { schema: sqliteSchema, migrationsDir: sqliteDir });
      assert.equal(again.drifted, false);
      const againPg = await checkDrift(pg!.url, { schema: postgresSchema, migrationsDir: postgresDir });
      assert.equal(againPg.drifted, false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
