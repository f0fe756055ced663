// Workspace operation locks: one operation at a time per workspace, in one process (SQLite) and
// across processes on one PostgreSQL (advisory locks), and a process that dies lets go of its lock.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "../../../scripts/repo-root";
import {
  createTempDatabase,
  postgresSkipReason,
  type TempDatabase,
} from "../../../scripts/testing/postgres.fixture";
import { closeAdvisoryConnections } from "../db/advisory-lock";
import { isLocked, withWorkspaceLock } from "./lock";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("in one process", () => {
  test("operations on one workspace run one at a time, in order; a failure does not block the next", async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "file::memory:";
    try {
      const seen: string[] = [];
      const op = (name: string, ms: number, fail = false) =>
        withWorkspaceLock("w1", async () => {
          seen.push(`${name}+`);
          await sleep(ms);
          seen.push(`${name}-`);
          if (fail) throw new Error(name);
          return name;
        });
      const results = await Promise.allSettled([op("a", 30, true), op("b", 5), op("c", 1)]);
      assert.deepEqual(seen, ["a+", "a-", "b+", "b-", "c+", "c-"]);
      assert.equal(results[0]?.status, "rejected");
      assert.equal(isLocked("w1"), false);
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});

/** Another process that takes workspace `id`'s lock; resolves once it holds it. */
function holder(url: string, id: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "web/server/workspaces/lock-holder.fixture.ts", id],
    { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url }, stdio: ["pipe", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  const saw = async (what: string, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!out.includes(what)) {
      if (Date.now() > deadline) throw new Error(`holder never said ${what}: ${out}`);
      await sleep(20);
    }
  };
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return { child, saw, exited, release: () => child.stdin?.write("go\n") };
}

describe("across processes on PostgreSQL", { skip: postgresSkipReason() ?? false }, () => {
  let database: TempDatabase;
  let saved: string | undefined;
  before(async () => {
    database = await createTempDatabase("kalpana_lock");
    saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = database.url;
  });
  after(async () => {
    process.env.DATABASE_URL = saved;
    await closeAdvisoryConnections();
    await database.drop();
  });

  test("an operation waits while another process holds the workspace's lock", async () => {
    const h = holder(database.url, "shared-1");
    await h.saw("locked");
    let ranAt = 0;
    const mine = withWorkspaceLock("shared-1", async () => {
      ranAt = Date.now();
    });
    // Another workspace is not held up.
    await withWorkspaceLock("shared-2", async () => undefined);
    await sleep(500);
    assert.equal(ranAt, 0, "ran while the other process held the lock");
    const releasedAt = Date.now();
    h.release();
    await h.saw("released");
    await mine;
    assert.ok(ranAt >= releasedAt, "ran only after the other process let go");
    await h.exited;
  });

  test("the other process waits while this one holds it", async () => {
    let releaseMine = () => {};
    const held = new Promise<void>((r) => {
      releaseMine = r;
    });
    let mineHeld = () => {};
    const got = new Promise<void>((r) => {
      mineHeld = r;
    });
    const mine = withWorkspaceLock("shared-3", async () => {
      mineHeld();
      await held;
    });
    await got;
    const h = holder(database.url, "shared-3");
    await assert.rejects(h.saw("locked", 1500), /never said locked/);
    releaseMine();
    await mine;
    await h.saw("locked");
    h.release();
    await h.exited;
  });

  test("a process killed while holding the lock releases it", async () => {
    const h = holder(database.url, "shared-4");
    await h.saw("locked");
    let ran = false;
    const mine = withWorkspaceLock("shared-4", async () => {
      ran = true;
    });
    await sleep(300);
    assert.equal(ran, false);
    h.child.kill("SIGKILL");
    await h.exited;
    await Promise.race([
      mine,
      sleep(10_000).then(() => assert.fail("the dead process's lock was never released")),
    ]);
    assert.equal(ran, true);
  });
});
