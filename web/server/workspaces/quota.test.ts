// Running quotas under concurrency, on both databases: 30 parallel starts and creates never take a
// user past KALPANA_MAX_RUNNING_PER_USER nor the server past _TOTAL, and neither do two web
// processes claiming against the same SQLite file at once.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { postgresTestDb, sqliteTestDb, type TestDb } from "../db/data-layer.fixture";
import { AppError } from "../errors";
import { claimStart, createStarting } from "./quota";

const here = path.dirname(fileURLToPath(import.meta.url));
const LIMITS = { perUser: 3, total: 5 };

async function user(t: TestDb, name: string) {
  const id = `${name}-${randomUUID()}`;
  await t.db.user.create({ data: { id, name, email: `${id}@example.com` } });
  return id;
}

const row = (userId: string, name: string) => ({
  userId,
  name,
  template: "node",
  bridgeSecret: "v1:x",
  memoryMb: 256,
  cpus: 1,
  pidsLimit: 64,
});

async function stopped(t: TestDb, userId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await t.db.workspace.create({ data: row(userId, `w${i}`) })).id);
  return ids;
}

async function live(t: TestDb, userId?: string): Promise<number> {
  return t.db.workspace.count({
    where: { status: { in: ["STARTING", "RUNNING"] }, ...(userId ? { userId } : {}) },
  });
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (r) => (r ? "started" : "already"),
    (e) => {
      if (e instanceof AppError) return e.code;
      throw e;
    },
  );

function quotaSuite(provider: string, openDb: () => Promise<TestDb>, skip: string | null) {
  describe(`running quotas on ${provider}`, { skip: skip ?? false }, () => {
    let t: TestDb;
    before(async () => {
      t = await openDb();
    });
    after(() => t?.close());

    it("30 parallel starts and creates by three users stay within both limits", async () => {
      const [a, b, c] = [await user(t, "a"), await user(t, "b"), await user(t, "c")];
      const ids = { a: await stopped(t, a, 10), b: await stopped(t, b, 10) };
      const calls = [
        ...ids.a.map((id) => outcome(claimStart(a, id, LIMITS, t.db))),
        ...ids.b.map((id) => outcome(claimStart(b, id, LIMITS, t.db))),
        // The same workspace twice at once: one start, one "already".
        outcome(claimStart(a, ids.a[0]!, LIMITS, t.db)),
        ...Array.from({ length: 9 }, (_, i) => outcome(createStarting(row(c, `new${i}`), LIMITS, t.db))),
      ];
      assert.equal(calls.length, 30);
      const results = await Promise.all(calls);
      assert.equal(await live(t), LIMITS.total, "the server fills up to its limit, not past it");
      for (const u of [a, b, c]) assert.ok((await live(t, u)) <= LIMITS.perUser, `${u} within its limit`);
      assert.equal(results.filter((r) => r === "started").length, LIMITS.total);
      assert.ok(results.every((r) => ["started", "already", "conflict", "quota_exceeded"].includes(r)));
      // A refused create leaves no row behind.
      const cRows = await t.db.workspace.count({ where: { userId: c } });
      assert.equal(cRows, await live(t, c));
      await t.db.workspace.deleteMany({ where: { userId: { in: [a, b, c] } } });
    });

    it("the per-user limit holds on its own: 15 parallel starts of one user → exactly 3", async () => {
      const a = await user(t, "solo");
      const ids = await stopped(t, a, 15);
      const results = await Promise.all(
        ids.map((id) => outcome(claimStart(a, id, { perUser: 3, total: 100 }, t.db))),
      );
      assert.equal(await live(t, a), 3);
      assert.deepEqual(
        results.filter((r) => r !== "started"),
        Array(12).fill("conflict"),
      );
      await t.db.workspace.deleteMany({ where: { userId: a } });
    });

    it("someone else's workspace is never started", async () => {
      const [a, eve] = [await user(t, "owner"), await user(t, "eve")];
      const [id] = await stopped(t, a, 1);
      assert.equal(await claimStart(eve, id!, LIMITS, t.db), null);
      assert.equal((await t.db.workspace.findUniqueOrThrow({ where: { id: id! } })).status, "STOPPED");
    });
  });
}

quotaSuite("SQLite", sqliteTestDb, null);
quotaSuite("PostgreSQL", postgresTestDb, postgresSkipReason());

describe("running quotas across processes (SQLite)", () => {
  it("two web processes claiming 15 starts each against one file start exactly the limit", async () => {
    const t = await sqliteTestDb();
    try {
      const a = await user(t, "multi");
      const ids = await stopped(t, a, 30);
      const run = (chunk: string[]) =>
        promisify(execFile)(
          process.execPath,
          ["--import", "tsx", path.join(here, "quota-claim.fixture.ts"), a, "4", "100", ...chunk],
          { env: { ...process.env, DATABASE_URL: t.url } },
        ).then((r) => JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "[]") as string[]);
      const [one, two] = await Promise.all([run(ids.slice(0, 15)), run(ids.slice(15))]);
      const all = [...one, ...two];
      assert.equal(await live(t, a), 4);
      assert.equal(all.filter((r) => r === "started").length, 4);
      assert.equal(all.filter((r) => r === "conflict").length, 26, all.join(","));
    } finally {
      await t.close();
    }
  });
});
