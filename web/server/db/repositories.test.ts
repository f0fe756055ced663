// The repositories (threads and messages, audit, accounts) on BOTH providers, on a real migrated
// database: scoping to the workspace, typed rows, and the chat turn's writes as one transaction —
// a real failure in its last write (a trigger the database raises) leaves no partial rows.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { AppError } from "../errors";
import * as accounts from "./accounts";
import * as audit from "./audit";
import { postgresTestDb, sqliteTestDb, type TestDb } from "./data-layer.fixture";
import * as threads from "./threads";

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

const text = (id: string, role: string, s: string) => ({ id, role, parts: [{ type: "text", text: s }] });

/** Makes the database itself refuse storing a message with id `poison` (insert or update). */
async function poisonMessages(t: TestDb, provider: string) {
  if (provider === "SQLite") {
    for (const op of ["INSERT", "UPDATE"])
      await t.db.$executeRawUnsafe(
        `CREATE TRIGGER poison_${op} BEFORE ${op} ON "ChatMessage" WHEN NEW."id" = 'poison' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      );
    return;
  }
  await t.db.$executeRawUnsafe(
    `CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`,
  );
  await t.db.$executeRawUnsafe(
    `CREATE TRIGGER poison BEFORE INSERT OR UPDATE ON "ChatMessage" FOR EACH ROW WHEN (NEW."id" = 'poison') EXECUTE FUNCTION poison()`,
  );
}

function repositorySuite(provider: string, openDb: () => Promise<TestDb>, skip: string | null) {
  describe(`repositories on ${provider}`, { skip: skip ?? false }, () => {
    let t: TestDb;
    before(async () => {
      t = await openDb();
      await poisonMessages(t, provider);
    });
    after(() => t?.close());

    it("threads: typed rows, every read and write scoped to the workspace", async () => {
      const a = await userWithWorkspace(t);
      const b = await userWithWorkspace(t);
      const th = await threads.createThread({ ...a, title: "New chat" }, t.db);
      assert.equal(th.approvalMode, "ask");
      assert.ok(th.createdAt instanceof Date);
      assert.equal(await threads.findThread(b.workspaceId, th.id, t.db), null, "another workspace's");
      assert.equal(await threads.updateThread(b.workspaceId, th.id, { title: "hijack" }, t.db), null);
      assert.equal(await threads.deleteThread(b.workspaceId, th.id, t.db), false);
      assert.equal((await threads.findThread(a.workspaceId, th.id, t.db))?.title, "New chat", "untouched");
      const upd = await threads.updateThread(
        a.workspaceId,
        th.id,
        { approvalMode: "auto", model: "m" },
        t.db,
      );
      assert.deepEqual([upd?.approvalMode, upd?.model], ["auto", "m"]);
      assert.ok((upd?.updatedAt.getTime() ?? 0) >= th.updatedAt.getTime());
      // An unknown stored mode reads as the safe one.
      await t.db.chatThread.update({ where: { id: th.id }, data: { approvalMode: "yolo" } });
      assert.equal((await threads.findThread(a.workspaceId, th.id, t.db))?.approvalMode, "ask");
      assert.deepEqual(
        (await threads.listThreads(a.workspaceId, t.db)).map((x) => x.id),
        [th.id],
      );
      assert.equal(await threads.updateThread(a.workspaceId, "missing", { title: "x" }, t.db), null);
      assert.equal(await threads.deleteThread(a.workspaceId, th.id, t.db), true);
      assert.equal(await threads.findThread(a.workspaceId, th.id, t.db), null);
    });

    it("replaceTitle is a compare-and-set: a rename made meanwhile wins", async () => {
      const a = await userWithWorkspace(t);
      const th = await threads.createThread({ ...a, title: "first line" }, t.db);
      assert.equal(await threads.replaceTitle(a.workspaceId, th.id, "first line", "Better", t.db), "Better");
      assert.equal(await threads.replaceTitle(a.workspaceId, th.id, "first line", "Late", t.db), "Better");
      assert.equal(await threads.replaceTitle(a.workspaceId, "missing", "x", "y", t.db), null);
    });

    it("messages: keyed per thread, JSON verbatim, metadata absent when none, saving bumps the thread", async () => {
      const a = await userWithWorkspace(t);
      const one = await threads.createThread({ ...a, title: "a" }, t.db);
      const two = await threads.createThread({ ...a, title: "b" }, t.db);
      await threads.upsertMessage(one.id, text("m1", "user", "mine"), t.db);
      await threads.upsertMessage(two.id, text("m1", "user", "other thread"), t.db);
      const meta = { model: "x", usage: { inputTokens: 3 } };
      await threads.upsertMessage(one.id, { ...text("m1", "user", "edited"), metadata: meta }, t.db);
      assert.deepEqual(await threads.listMessages(one.id, t.db), [
        { ...text("m1", "user", "edited"), metadata: meta },
      ]);
      assert.deepEqual(await threads.listMessages(two.id, t.db), [text("m1", "user", "other thread")]);
      const before = (await threads.findThread(a.workspaceId, two.id, t.db))!.updatedAt.getTime();
      await new Promise((r) => setTimeout(r, 5));
      await threads.saveMessage(two.id, text("m2", "assistant", "answer"), t.db);
      const after = (await threads.findThread(a.workspaceId, two.id, t.db))!.updatedAt.getTime();
      assert.ok(after > before, "the thread moved up");
      await threads.deleteMessages(two.id, ["m1"], t.db);
      assert.deepEqual(
        (await threads.listMessages(two.id, t.db)).map((m) => m.id),
        ["m2"],
      );
    });

    it("a turn's writes land together: replaced messages go, the message is stored, the thread patched", async () => {
      const a = await userWithWorkspace(t);
      const th = await threads.createThread({ ...a, title: "New chat" }, t.db);
      for (const m of [text("u1", "user", "q"), text("a1", "assistant", "old answer")])
        await threads.upsertMessage(th.id, m, t.db);
      const row = await threads.writeTurn(
        a.workspaceId,
        th.id,
        { replaced: ["a1"], message: text("u1", "user", "q, edited"), patch: { title: "q", model: "m" } },
        t.db,
      );
      assert.deepEqual([row.title, row.model, row.approvalMode], ["q", "m", "ask"]);
      assert.deepEqual(await threads.listMessages(th.id, t.db), [text("u1", "user", "q, edited")]);
    });

    it("a failure in the turn's last write leaves no partial rows", async () => {
      const a = await userWithWorkspace(t);
      const th = await threads.createThread({ ...a, title: "New chat" }, t.db);
      const stored = [text("u1", "user", "q"), text("a1", "assistant", "answer")];
      for (const m of stored) await threads.upsertMessage(th.id, m, t.db);
      const before = await threads.findThread(a.workspaceId, th.id, t.db);
      await assert.rejects(
        threads.writeTurn(
          a.workspaceId,
          th.id,
          { replaced: ["u1", "a1"], message: text("poison", "user", "x"), patch: { title: "t", model: "m" } },
          t.db,
        ),
        // PostgreSQL passes the trigger's message on; Prisma reports SQLite's trigger abort
        // (SQLITE_CONSTRAINT_TRIGGER) as a constraint violation.
        provider === "SQLite" ? /constraint/i : /injected failure/,
      );
      assert.deepEqual(
        await threads.listMessages(th.id, t.db),
        stored,
        "the replaced messages are still there",
      );
      assert.deepEqual(
        await threads.findThread(a.workspaceId, th.id, t.db),
        before,
        "the thread is unchanged",
      );
    });

    it("a turn on a thread deleted meanwhile (or another workspace's) is not_found and writes nothing", async () => {
      const a = await userWithWorkspace(t);
      const b = await userWithWorkspace(t);
      const th = await threads.createThread({ ...a, title: "t" }, t.db);
      await threads.upsertMessage(th.id, text("u1", "user", "q"), t.db);
      const turn = { replaced: ["u1"], message: text("u2", "user", "x"), patch: { title: "stolen" } };
      await assert.rejects(
        threads.writeTurn(b.workspaceId, th.id, turn, t.db),
        (e) => e instanceof AppError && e.code === "not_found",
      );
      assert.deepEqual(await threads.listMessages(th.id, t.db), [text("u1", "user", "q")]);
      await threads.deleteThread(a.workspaceId, th.id, t.db);
      await assert.rejects(
        threads.writeTurn(a.workspaceId, th.id, turn, t.db),
        (e) => e instanceof AppError && e.code === "not_found",
      );
      assert.equal(await t.db.chatMessage.count({ where: { threadId: th.id } }), 0);
    });

    it("audit: stored as given, listed newest first per workspace or per user, capped", async () => {
      const a = await userWithWorkspace(t);
      const base = { userId: a.userId, summary: "s", outcome: "ok", durationMs: 3 };
      await audit.insertAuditEvent({ ...base, workspaceId: a.workspaceId, action: "exec" }, t.db);
      await new Promise((r) => setTimeout(r, 5));
      await audit.insertAuditEvent({ ...base, workspaceId: null, action: "auth.sign-in" }, t.db);
      const mine = await audit.listAuditEvents({ userId: a.userId }, 10, t.db);
      assert.deepEqual(
        mine.map((e) => [e.action, e.workspaceId, e.durationMs]),
        [
          ["auth.sign-in", null, 3],
          ["exec", a.workspaceId, 3],
        ],
      );
      assert.equal((await audit.listAuditEvents({ userId: a.userId }, 1, t.db)).length, 1);
      const ws = await audit.listAuditEvents({ workspaceId: a.workspaceId }, 10, t.db);
      assert.deepEqual(
        ws.map((e) => e.action),
        ["exec"],
      );
    });

    it("accounts: user by email, linked account, sessions alive or expired", async () => {
      const a = await userWithWorkspace(t);
      const email = (await t.db.user.findUniqueOrThrow({ where: { id: a.userId } })).email;
      assert.equal(await accounts.userIdByEmail(email, t.db), a.userId);
      assert.equal(await accounts.userIdByEmail("nobody@example.com", t.db), null);
      assert.equal(await accounts.linkedAccountId(a.userId, "github", t.db), null);
      const acc = await t.db.account.create({
        data: { id: randomUUID(), accountId: "42", providerId: "github", userId: a.userId },
      });
      assert.equal(await accounts.linkedAccountId(a.userId, "github", t.db), acc.id);
      const now = new Date();
      const live = {
        id: randomUUID(),
        token: randomUUID(),
        userId: a.userId,
        expiresAt: new Date(+now + 60_000),
      };
      const dead = { id: randomUUID(), token: randomUUID(), userId: a.userId, expiresAt: new Date(+now - 1) };
      await t.db.session.createMany({ data: [live, dead] });
      assert.deepEqual(await accounts.findSession(live.id, t.db), {
        userId: a.userId,
        expiresAt: live.expiresAt,
      });
      assert.equal(await accounts.findSession("gone", t.db), null);
      assert.deepEqual(
        await accounts.liveSessionIds([live.id, dead.id, "gone"], now, t.db),
        new Set([live.id]),
      );
    });
  });
}

repositorySuite("SQLite", sqliteTestDb, null);
repositorySuite("PostgreSQL", postgresTestDb, postgresSkipReason());
