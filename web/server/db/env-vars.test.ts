// The variables repository on BOTH providers, on a real migrated database: values encrypted in the
// rows, a secret's value never in a view, a workspace value overriding the owner's, every query
// scoped to its person or workspace, the per-scope cap, and rows gone with their workspace.
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { MAX_VARS_PER_SCOPE } from "../../contract/env-vars";
import { AppError } from "../errors";
import { postgresTestDb, sqliteTestDb, type TestDb } from "./data-layer.fixture";
import { deleteEnvVar, listEnvVars, revealEnvVars, setEnvVar } from "./env-vars";

process.env.KALPANA_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");

async function userWithWorkspace(t: TestDb) {
  const userId = randomUUID();
  await t.db.user.create({ data: { id: userId, name: "ada", email: `ada-${userId}@example.com` } });
  const w = await t.db.workspace.create({
    data: {
      userId,
      name: "demo",
      template: "node",
      bridgeSecret: "v1:x",
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 64,
    },
  });
  return { userId, workspaceId: w.id };
}

function suite(provider: string, openDb: () => Promise<TestDb>, skip: string | null) {
  describe(`variables on ${provider}`, { skip: skip ?? false }, () => {
    let t: TestDb;
    before(async () => {
      t = await openDb();
    });
    after(() => t?.close());

    it("encrypted rows, masked secrets, workspace over person, scoped deletes, cascade", async () => {
      const a = await userWithWorkspace(t);
      const b = await userWithWorkspace(t);
      const secret = `s3cret-${randomUUID()}`;
      await setEnvVar({ userId: a.userId }, { name: "TOKEN", value: secret, secret: true }, t.db);
      await setEnvVar({ userId: a.userId }, { name: "MODE", value: "person", secret: false }, t.db);
      await setEnvVar(
        { workspaceId: a.workspaceId },
        { name: "MODE", value: "workspace", secret: false },
        t.db,
      );
      await setEnvVar({ userId: b.userId }, { name: "MODE", value: "bob", secret: false }, t.db);

      const raw = await t.db.userEnvVar.findMany({ where: { userId: a.userId } });
      assert.ok(raw.every((r) => r.encryptedValue.startsWith("v1:") && !r.encryptedValue.includes(secret)));
      assert.deepEqual(
        (await listEnvVars({ userId: a.userId }, t.db)).map((v) => [v.name, v.secret, v.value]),
        [
          ["MODE", false, "person"],
          ["TOKEN", true, null],
        ],
      );
      const merged = Object.fromEntries(
        (await revealEnvVars(a.userId, a.workspaceId, t.db)).map((v) => [v.name, v.value]),
      );
      assert.deepEqual(merged, { MODE: "workspace", TOKEN: secret });

      // Replacing keeps one row; another person's row of the same name is never touched.
      await setEnvVar({ userId: a.userId }, { name: "MODE", value: "again", secret: false }, t.db);
      assert.equal((await listEnvVars({ userId: a.userId }, t.db)).length, 2);
      assert.equal(await deleteEnvVar({ userId: a.userId }, "MODE", t.db), true);
      assert.equal(await deleteEnvVar({ userId: a.userId }, "MODE", t.db), false);
      assert.deepEqual(
        (await listEnvVars({ userId: b.userId }, t.db)).map((v) => v.value),
        ["bob"],
      );
      assert.equal(await deleteEnvVar({ workspaceId: b.workspaceId }, "MODE", t.db), false);

      await t.db.workspace.delete({ where: { id: a.workspaceId } });
      assert.equal(await t.db.workspaceEnvVar.count({ where: { workspaceId: a.workspaceId } }), 0);
    });

    it(`at most ${MAX_VARS_PER_SCOPE} per scope; replacing one at the cap still works`, async () => {
      const { workspaceId } = await userWithWorkspace(t);
      await t.db.workspaceEnvVar.createMany({
        data: Array.from({ length: MAX_VARS_PER_SCOPE }, (_, i) => ({
          workspaceId,
          name: `V${i}`,
          encryptedValue: "v1:x",
        })),
      });
      await assert.rejects(
        setEnvVar({ workspaceId }, { name: "ONE_MORE", value: "x", secret: false }, t.db),
        (e) => e instanceof AppError && e.code === "invalid_argument",
      );
      await setEnvVar({ workspaceId }, { name: "V0", value: "x", secret: false }, t.db);
    });
  });
}

suite("SQLite", sqliteTestDb, null);
suite("PostgreSQL", postgresTestDb, postgresSkipReason());
