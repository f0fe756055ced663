// The schema as the app uses it, on BOTH providers: migrations apply (and re-apply as a no-op),
// every model round-trips, constraints and cascades hold, JSON and enums survive.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { deploy } from "../../../scripts/migrate/deploy";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { postgresTestDb, sqliteTestDb, type TestDb } from "./data-layer.fixture";

const statuses = ["STOPPED", "STARTING", "RUNNING", "STOPPING", "ERROR"] as const;

async function makeUser(t: TestDb, name = "ada") {
  const id = randomUUID();
  return t.db.user.create({ data: { id, name, email: `${name}-${id}@example.com` } });
}

async function makeWorkspace(t: TestDb, userId: string, name = "demo") {
  return t.db.workspace.create({
    data: {
      userId,
      name,
      template: "node",
      bridgeSecret: "v1:iv:tag:ct",
      memoryMb: 2048,
      cpus: 1.5,
      pidsLimit: 1024,
    },
  });
}

function dataLayerSuite(provider: string, openDb: () => Promise<TestDb>, skip: string | null) {
  describe(`data layer on ${provider}`, { skip: skip ?? false }, () => {
    let t: TestDb;
    before(async () => {
      t = await openDb();
    });
    after(() => t?.close());

    it("deploy is idempotent: a second run applies nothing", async () => {
      const again = await deploy(t.url, { engine: "wasm" });
      assert.deepEqual(again.applied, []);
    });

    it("better-auth models: create, read, update, delete", async () => {
      const user = await makeUser(t);
      assert.equal(user.emailVerified, false);
      assert.ok(user.createdAt instanceof Date);
      const expiresAt = new Date(Date.now() + 3600_000);
      await t.db.session.create({
        data: { id: randomUUID(), token: randomUUID(), userId: user.id, expiresAt, ipAddress: "127.0.0.1" },
      });
      await t.db.account.create({
        data: { id: randomUUID(), accountId: "42", providerId: "github", userId: user.id, scope: "repo" },
      });
      const verification = await t.db.verification.create({
        data: { id: randomUUID(), identifier: "email", value: "code", expiresAt },
      });
      const loaded = await t.db.user.findUniqueOrThrow({
        where: { id: user.id },
        include: { sessions: true, accounts: true },
      });
      assert.equal(loaded.sessions[0]?.expiresAt.getTime(), expiresAt.getTime());
      assert.equal(loaded.accounts[0]?.providerId, "github");
      const updated = await t.db.user.update({ where: { id: user.id }, data: { emailVerified: true } });
      assert.equal(updated.emailVerified, true);
      await t.db.verification.delete({ where: { id: verification.id } });
      assert.equal(await t.db.verification.count({ where: { id: verification.id } }), 0);
    });

    it("user email and session token are unique", async () => {
      const user = await makeUser(t);
      await assert.rejects(
        t.db.user.create({ data: { id: randomUUID(), name: "x", email: user.email } }),
        (e: { code?: string }) => e.code === "P2002",
      );
      const token = randomUUID();
      const session = { token, userId: user.id, expiresAt: new Date() };
      await t.db.session.create({ data: { id: randomUUID(), ...session } });
      await assert.rejects(t.db.session.create({ data: { id: randomUUID(), ...session } }));
    });

    it("workspace: defaults, JSON ports, every status value", async () => {
      const user = await makeUser(t);
      const ws = await makeWorkspace(t, user.id);
      assert.equal(ws.status, "STOPPED");
      assert.match(ws.id, /^c[a-z0-9]{20,}$/);
      assert.equal(ws.ports, null);
      assert.equal(ws.cpus, 1.5);
      const ports = { ide: 49153, bridge: 49154 };
      await t.db.workspace.update({ where: { id: ws.id }, data: { ports, phase: "nix" } });
      for (const status of statuses) {
        const row = await t.db.workspace.update({ where: { id: ws.id }, data: { status } });
        assert.equal(row.status, status);
      }
      const running = await t.db.workspace.findMany({ where: { status: "ERROR", userId: user.id } });
      assert.deepEqual(running[0]?.ports, ports);
      await assert.rejects(
        t.db.workspace.update({ where: { id: ws.id }, data: { status: "BOGUS" as never } }),
      );
    });

    it("workspace names are unique per user, not across users", async () => {
      const a = await makeUser(t, "a");
      const b = await makeUser(t, "b");
      await makeWorkspace(t, a.id, "same");
      await assert.rejects(makeWorkspace(t, a.id, "same"), (e: { code?: string }) => e.code === "P2002");
      const other = await makeWorkspace(t, b.id, "same");
      assert.equal(other.name, "same");
    });

    it("chat: JSON parts and metadata round-trip exactly, ordered by createdAt", async () => {
      const user = await makeUser(t);
      const ws = await makeWorkspace(t, user.id);
      const thread = await t.db.chatThread.create({
        data: { workspaceId: ws.id, userId: user.id, title: "t" },
      });
      assert.equal(thread.approvalMode, "ask");
      const parts = [
        { type: "text", text: 'héllo 👋 "quoted" \\ back' },
        {
          type: "tool-fs_read",
          toolCallId: "call_1",
          state: "output-available",
          input: { path: "src/a.ts", range: [1, 20], follow: true, extra: null },
          output: { content: "line\nline", bytes: 9, nested: { deep: [1.5, -2, 0] } },
        },
      ];
      const metadata = { model: "anthropic/claude-sonnet-4.5", usage: { inputTokens: 10 } };
      await t.db.chatMessage.create({
        data: { id: "msg_1", threadId: thread.id, role: "user", parts, createdAt: new Date(1000) },
      });
      await t.db.chatMessage.create({
        data: {
          id: "msg_2",
          threadId: thread.id,
          role: "assistant",
          parts,
          metadata,
          createdAt: new Date(2000),
        },
      });
      const rows = await t.db.chatMessage.findMany({
        where: { threadId: thread.id },
        orderBy: { createdAt: "asc" },
      });
      assert.deepEqual(
        rows.map((r) => r.id),
        ["msg_1", "msg_2"],
      );
      assert.deepEqual(rows[1]?.parts, parts);
      assert.deepEqual(rows[1]?.metadata, metadata);
      assert.equal(rows[0]?.metadata, null);
    });

    it("provider keys: one per user and provider, default provider openrouter", async () => {
      const user = await makeUser(t);
      const key = await t.db.providerKey.create({
        data: { userId: user.id, encryptedKey: "v1:x", last4: "abcd" },
      });
      assert.equal(key.provider, "openrouter");
      await assert.rejects(
        t.db.providerKey.create({ data: { userId: user.id, encryptedKey: "v1:y", last4: "efgh" } }),
        (e: { code?: string }) => e.code === "P2002",
      );
      const found = await t.db.providerKey.findUnique({
        where: { userId_provider: { userId: user.id, provider: "openrouter" } },
      });
      assert.equal(found?.last4, "abcd");
    });

    it("deleting a user cascades to sessions, accounts, workspaces and everything under them but the audit trail", async () => {
      const user = await makeUser(t);
      const ws = await makeWorkspace(t, user.id);
      const thread = await t.db.chatThread.create({
        data: { workspaceId: ws.id, userId: user.id, title: "t" },
      });
      await t.db.chatMessage.create({
        data: { id: randomUUID(), threadId: thread.id, role: "user", parts: [] },
      });
      await t.db.auditEvent.create({
        data: {
          workspaceId: ws.id,
          userId: user.id,
          action: "exec",
          summary: "ls",
          outcome: "ok",
          durationMs: 5,
        },
      });
      await t.db.session.create({
        data: { id: randomUUID(), token: randomUUID(), userId: user.id, expiresAt: new Date() },
      });
      await t.db.account.create({
        data: { id: randomUUID(), accountId: "1", providerId: "github", userId: user.id },
      });
      await t.db.providerKey.create({ data: { userId: user.id, encryptedKey: "v1:x", last4: "abcd" } });

      await t.db.user.delete({ where: { id: user.id } });

      const counts = await Promise.all([
        t.db.session.count({ where: { userId: user.id } }),
        t.db.account.count({ where: { userId: user.id } }),
        t.db.workspace.count({ where: { userId: user.id } }),
        t.db.chatThread.count({ where: { workspaceId: ws.id } }),
        t.db.chatMessage.count({ where: { threadId: thread.id } }),
        t.db.providerKey.count({ where: { userId: user.id } }),
      ]);
      assert.deepEqual(counts, [0, 0, 0, 0, 0, 0]);
      assert.equal(await t.db.auditEvent.count({ where: { workspaceId: ws.id } }), 1, "audit kept");
    });

    it("deleting a workspace removes its threads and messages; its audit events and the user stay", async () => {
      const user = await makeUser(t);
      const ws = await makeWorkspace(t, user.id);
      const thread = await t.db.chatThread.create({
        data: { workspaceId: ws.id, userId: user.id, title: "t" },
      });
      await t.db.auditEvent.create({
        data: {
          workspaceId: ws.id,
          userId: user.id,
          action: "a",
          summary: "s",
          outcome: "ok",
          durationMs: 1,
        },
      });
      await t.db.workspace.delete({ where: { id: ws.id } });
      assert.equal(await t.db.chatThread.count({ where: { id: thread.id } }), 0);
      const kept = await t.db.auditEvent.findMany({ where: { workspaceId: ws.id } });
      assert.deepEqual(
        kept.map((e) => [e.workspaceId, e.action]),
        [[ws.id, "a"]],
      );
      assert.equal(await t.db.user.count({ where: { id: user.id } }), 1);
      // Account-level events have no workspace.
      const signIn = await t.db.auditEvent.create({
        data: { userId: user.id, action: "auth.sign-in", summary: "", outcome: "ok" },
      });
      assert.equal(signIn.workspaceId, null);
      assert.equal(signIn.durationMs, 0);
    });

    it("chat message ids are unique per thread, not globally: the same id in two threads is two rows", async () => {
      const user = await makeUser(t);
      const ws = await makeWorkspace(t, user.id);
      const mine = await t.db.chatThread.create({
        data: { workspaceId: ws.id, userId: user.id, title: "a" },
      });
      const theirs = await t.db.chatThread.create({
        data: { workspaceId: ws.id, userId: user.id, title: "b" },
      });
      const msg = { id: "same-id", role: "user", parts: [{ type: "text", text: "original" }] };
      await t.db.chatMessage.create({ data: { ...msg, threadId: mine.id } });
      await t.db.chatMessage.create({
        data: { ...msg, threadId: theirs.id, parts: [{ type: "text", text: "x" }] },
      });
      await assert.rejects(
        t.db.chatMessage.create({ data: { ...msg, threadId: mine.id } }),
        (e: { code?: string }) => e.code === "P2002",
      );
      const kept = await t.db.chatMessage.findUniqueOrThrow({
        where: { threadId_id: { threadId: mine.id, id: "same-id" } },
      });
      assert.deepEqual(kept.parts, msg.parts);
    });

    it("a new workspace's clone is unfinished; server-key usage is one row per user and day", async () => {
      const user = await makeUser(t);
      const ws = await t.db.workspace.create({
        data: {
          userId: user.id,
          name: "repo",
          template: "node",
          repoUrl: "https://github.com/a/b",
          bridgeSecret: "v1:x",
          memoryMb: 256,
          cpus: 1,
          pidsLimit: 64,
        },
      });
      assert.equal(ws.repoClonedAt, null, "a new workspace's clone is not finished");
      await t.db.serverKeyUsage.create({ data: { userId: user.id, day: "2026-12-02", requests: 3 } });
      await assert.rejects(
        t.db.serverKeyUsage.create({ data: { userId: user.id, day: "2026-12-02" } }),
        (e: { code?: string }) => e.code === "P2002",
      );
    });
  });
}

dataLayerSuite("SQLite", sqliteTestDb, null);
dataLayerSuite("PostgreSQL", postgresTestDb, postgresSkipReason());
