import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { postgresSchemaPath } from "./paths";
import { renderPostgresSchema, toPostgresSchema } from "./postgres-schema";

describe("generated PostgreSQL schema", () => {
  it("prisma/postgres/schema.prisma is up to date (run `tsx scripts/migrate.ts generate`)", () => {
    assert.equal(readFileSync(postgresSchemaPath, "utf8"), renderPostgresSchema());
  });

  it("swaps only the provider and the client output, deterministically", () => {
    const source = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");
    const out = toPostgresSchema(source);
    assert.equal(out, toPostgresSchema(source));
    assert.match(out, /provider = "postgresql"/);
    assert.match(out, /output\s*=\s*"\.\.\/\.\.\/web\/generated\/prisma-postgres"/);
    const models = (s: string) => s.slice(s.indexOf("model User"));
    assert.equal(models(out), models(source));
  });

  it("fails loudly when the source no longer has what it rewrites", () => {
    assert.throws(
      () => toPostgresSchema('datasource db {\n  provider = "mysql"\n}\n'),
      /datasource provider/,
    );
  });
});
