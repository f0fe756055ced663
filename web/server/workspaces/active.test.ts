// Start pipelines across web processes on one PostgreSQL: a stop in one process cancels a start run
// by another and waits for it to let go; a start queued meanwhile does not run once the row says
// the workspace is no longer starting; the reconciler can tell that a start runs elsewhere.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "../../../scripts/repo-root";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { closeAdvisoryConnections } from "../db/advisory-lock";
import { disconnectDb } from "../db/client";
import { postgresTestDb, type TestDb } from "../db/data-layer.fixture";
import { cancelStart, isStartingAnywhere, trackStart } from "./active";
import { withWorkspaceLock } from "./lock";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runner(url: string, id: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "web/server/workspaces/start-runner.fixture.ts", id],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  const saw = async (what: string, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!out.includes(what)) {
      if (Date.now() > deadline) throw new Error(`runner never said ${what}: ${out}`);
      await sleep(20);
    }
  };
  return { child, saw, said: (what: string) => out.includes(what) };
}

describe("start pipelines across web processes", { skip: postgresSkipReason() ?? false }, () => {
  let t: TestDb;
  let saved: string | undefined;
  before(async () => {
    t = await postgresTestDb();
    saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.url;
    await t.db.user.create({ data: { id: "u1", name: "U", email: "u@example.com" } });
  });
  after(async () => {
    process.env.DATABASE_URL = saved;
    await closeAdvisoryConnections();
    await disconnectDb();
    await t.close();
  });

  const row = (id: string) =>
    t.db.workspace.create({
      data: {
        id,
        userId: "u1",
        name: id,
        template: "node",
        bridgeSecret: "x",
        memoryMb: 512,
        cpus: 1,
        pidsLimit: 256,
        status: "STARTING",
      },
    });

  test("a stop here cancels the start another process runs, and waits until it has let go", async () => {
    await row("w-cancel");
    const r = runner(t.url, "w-cancel");
    await r.saw("running");
    assert.equal(await isStartingAnywhere("w-cancel"), true, "the start in the other process is not seen");
    let queuedRan = false;
    await withWorkspaceLock("w-cancel", async () => {
      await cancelStart("w-cancel");
      assert.ok(r.said("aborted"), "cancelStart returned before the other process's pipeline let go");
      // A start queued now (here, or in any process) waits for the stop to finish ...
      trackStart("w-cancel", async () => {
        queuedRan = true;
      });
      await sleep(300);
      assert.equal(queuedRan, false, "a start ran while the stop held the lease");
      await t.db.workspace.update({ where: { id: "w-cancel" }, data: { status: "STOPPED" } });
    });
    // ... and then finds the row STOPPED, and does nothing.
    for (let i = 0; i < 100 && (await isStartingAnywhere("w-cancel")); i++) await sleep(50);
    assert.equal(queuedRan, false, "a start ran although the workspace had been stopped");
    await r.saw("done");
    assert.equal(await isStartingAnywhere("w-cancel"), false);
  });

  test("a start of a row still STARTING runs once the lease is free", async () => {
    await row("w-run");
    let ran = false;
    trackStart("w-run", async () => {
      ran = true;
    });
    for (let i = 0; i < 100 && !ran; i++) await sleep(50);
    assert.equal(ran, true);
  });
});
