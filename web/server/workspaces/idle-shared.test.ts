// Idle auto-stop with two web processes on one PostgreSQL: a workspace in use through the OTHER
// process (this one saw nothing) is not stopped; once nobody uses it, this process's reaper stops
// it (within the shared slack after the timeout), exactly once.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { repoRoot } from "../../../scripts/repo-root";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { postgresTestDb, type TestDb } from "../db/data-layer.fixture";
import { setProcessSlot } from "../process-state";
import { setupDomainEnv, type TestEnv } from "./test-env.fixture";

const skip = postgresSkipReason() ?? false;
let env: TestEnv;
let t: TestDb;
let id = "";
const stops: string[] = [];

before(async () => {
  if (skip) return;
  env = setupDomainEnv();
  t = await postgresTestDb();
  process.env.DATABASE_URL = t.url;
  // No Docker needed: the reaper's stop goes to a runtime that only records it.
  setProcessSlot("runtime", {
    stop: async (wid: string) => void stops.push(wid),
    inspect: async () => null,
  });
  await t.db.user.create({ data: { id: "u1", name: "U", email: "u@example.com" } });
  const w = await t.db.workspace.create({
    data: {
      userId: "u1",
      name: "idle",
      template: "node",
      bridgeSecret: "x",
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 64,
      status: "RUNNING",
      lastActiveAt: new Date(Date.now() - 3_600_000), // silent for an hour, as far as the row says
    },
  });
  id = w.id;
});

after(async () => {
  if (skip) return;
  setProcessSlot("runtime", undefined);
  const { closeAdvisoryConnections } = await import("../db/advisory-lock");
  const { disconnectDb } = await import("../db/client");
  await closeAdvisoryConnections();
  await disconnectDb();
  await t?.close();
  env?.cleanup();
});

test("activity seen only by another web process keeps the workspace; silence then stops it once", {
  skip,
}, async () => {
  const { reapIdle } = await import("./idle");
  const { SHARED_SLACK_MS } = await import("./activity");
  const timeout = 60_000;
  // Before: the row's hour of silence is past the timeout for this process too.
  const touched = Date.now();
  execFileSync(process.execPath, ["--import", "tsx", "web/server/workspaces/toucher.fixture.ts", id], {
    cwd: repoRoot,
    env: { ...process.env },
    stdio: "pipe",
  });
  const row = await t.db.workspace.findUniqueOrThrow({ where: { id } });
  assert.ok(row.lastActiveAt.getTime() >= touched, "the other process's activity never reached the row");
  assert.deepEqual(await reapIdle(touched + timeout - 1_000, timeout), [], "stopped while in use elsewhere");
  // Even past the timeout, the other process may have seen activity it has not written yet.
  assert.deepEqual(await reapIdle(touched + timeout + SHARED_SLACK_MS - 2_000, timeout), []);
  assert.equal((await t.db.workspace.findUniqueOrThrow({ where: { id } })).status, "RUNNING");
  const late = touched + timeout + SHARED_SLACK_MS + 2_000;
  const [a, b] = await Promise.all([reapIdle(late, timeout), reapIdle(late, timeout)]);
  assert.deepEqual([...a, ...b].filter((x) => x === id).length >= 1, true);
  const after = await t.db.workspace.findUniqueOrThrow({ where: { id } });
  assert.equal(after.status, "STOPPED");
  assert.match(after.statusMessage ?? "", /without activity/);
  assert.deepEqual(stops, [id], "stopped more than once");
  const audits = await t.db.auditEvent.count({ where: { workspaceId: id, action: "workspace.stop" } });
  assert.equal(audits, 1);
});
