// Agent tool calls are audited through a queue (auditSoon): one statement per batch instead of a
// write per call. Nothing may be lost or reordered by it: rows keep the time and order of the calls,
// listings include what is still queued, and flushAudit (graceful shutdown) writes the rest.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setupAppEnv } from "../http/routes.fixture";
import { captureLogs } from "../log/capture.fixture";

const logs = captureLogs();
let env: { cleanup: () => void };
let m: { audit: typeof import("./audit"); db: typeof import("../db/client") };

before(async () => {
  env = await setupAppEnv();
  m = { audit: await import("./audit"), db: await import("../db/client") };
});

after(async () => {
  await m?.db.db().$disconnect();
  env?.cleanup();
});

const rows = (userId: string) =>
  m.db.db().auditEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

test("queued events are not written one by one; a flush writes them, in call order, stamped at the call", async () => {
  const before = Date.now();
  for (let i = 0; i < 5; i++)
    m.audit.auditSoon({ userId: "u1", workspaceId: "w1", action: `agent.step${i}`, durationMs: i });
  assert.equal((await rows("u1")).length, 0, "nothing written while queued");
  await new Promise((r) => setTimeout(r, 5));
  m.audit.auditSoon({ userId: "u1", workspaceId: "w1", action: "agent.last" });
  await m.audit.flushAudit();
  const stored = await rows("u1");
  assert.deepEqual(
    stored.map((r) => r.action),
    ["agent.step0", "agent.step1", "agent.step2", "agent.step3", "agent.step4", "agent.last"],
  );
  assert.ok(stored[0]!.createdAt.getTime() >= before);
  assert.ok(stored[5]!.createdAt.getTime() >= stored[4]!.createdAt.getTime() + 4, "stamped when called");
});

test("the queue writes itself within the batch interval, without a flush", async () => {
  m.audit.auditSoon({ userId: "u2", action: "agent.readFile" });
  await new Promise((r) => setTimeout(r, m.audit.AUDIT_BATCH_MS + 200));
  assert.deepEqual(
    (await rows("u2")).map((r) => r.action),
    ["agent.readFile"],
  );
});

test("listings include events still in the queue, interleaved by time with direct ones", async () => {
  m.audit.auditSoon({ userId: "u3", workspaceId: "w3", action: "agent.writeFile" });
  await new Promise((r) => setTimeout(r, 3));
  await m.audit.audit({ userId: "u3", workspaceId: "w3", action: "workspace.stop" });
  const listed = await m.audit.listAudit("w3");
  assert.deepEqual(
    listed.map((e) => e.action),
    ["workspace.stop", "agent.writeFile"],
    "newest first: the queued (earlier) call comes after the direct (later) one",
  );
  assert.deepEqual((await m.audit.listUserAudit("u3")).length, 2);
});

test("many events at once are written in batches, all of them, in order", async () => {
  for (let i = 0; i < 450; i++) m.audit.auditSoon({ userId: "u4", action: `agent.n${i}` });
  await m.audit.flushAudit();
  const stored = await rows("u4");
  assert.equal(stored.length, 450);
  assert.deepEqual(
    stored.map((r) => r.action),
    Array.from({ length: 450 }, (_, i) => `agent.n${i}`),
  );
});

test("a failing batch is logged and does not reject or block later batches", async () => {
  m.audit.auditSoon({ userId: "u5", action: "agent.x" });
  // Break the next write: the table is renamed away for the duration of one flush.
  await m.db.db().$executeRawUnsafe('ALTER TABLE "AuditEvent" RENAME TO "AuditEventAway"');
  try {
    await m.audit.flushAudit();
  } finally {
    await m.db.db().$executeRawUnsafe('ALTER TABLE "AuditEventAway" RENAME TO "AuditEvent"');
  }
  assert.ok(logs.some((l) => l.msg === "could not record audit events" && l.count === 1));
  m.audit.auditSoon({ userId: "u5", action: "agent.y" });
  await m.audit.flushAudit();
  assert.deepEqual(
    (await rows("u5")).map((r) => r.action),
    ["agent.y"],
  );
});
