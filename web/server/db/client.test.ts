import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { peekProcessSlot } from "../process-state";
import { createDb, DB_SLOT, db } from "./client";
import { sqliteFilePath } from "./url";

describe("db client", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kalpana-client-"));
  const saved = process.env.DATABASE_URL;
  after(async () => {
    await db().$disconnect();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it("db() is one client per DATABASE_URL, kept in a process slot across module reloads", () => {
    process.env.DATABASE_URL = `file:${path.join(dir, "a.db")}`;
    const first = db();
    assert.equal(db(), first);
    assert.equal(peekProcessSlot<{ client: unknown }>(DB_SLOT)?.client, first);
    process.env.DATABASE_URL = `file:${path.join(dir, "b.db")}`;
    assert.notEqual(db(), first);
  });

  it("SQLite connections run in WAL with synchronous NORMAL (no fsync per commit) and foreign keys on", async () => {
    const c = createDb(`file:${path.join(dir, "pragmas.db")}`);
    try {
      const one = async (pragma: string) =>
        Object.values((await c.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${pragma}`))[0] ?? {})[0];
      assert.equal(await one("journal_mode"), "wal");
      assert.equal(Number(await one("synchronous")), 1, "1 = NORMAL (2 = FULL, the default)");
      assert.equal(Number(await one("foreign_keys")), 1);
    } finally {
      await c.$disconnect();
    }
  });

  it("relative SQLite paths resolve against the repo root, not the cwd", () => {
    const resolved = sqliteFilePath("file:./.data/kalpana.db");
    assert.ok(path.isAbsolute(resolved));
    assert.ok(resolved.endsWith(path.join(".data", "kalpana.db")));
    assert.equal(sqliteFilePath("file:/abs/x.db"), "/abs/x.db");
  });
});
