// The workspaces gauge without Docker: each scrape counts the rows by status in the database
// (through the workspace repository), every status present, zero where there are none.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setupAppEnv } from "../http/routes.fixture";

let env: Awaited<ReturnType<typeof setupAppEnv>>;
let m: { db: typeof import("../db/client"); metrics: typeof import("./metrics") };

before(async () => {
  env = await setupAppEnv();
  m = { db: await import("../db/client"), metrics: await import("./metrics") };
});
after(async () => {
  await m?.db.db().$disconnect();
  env?.cleanup();
});

const gauge = async () => {
  const text = await m.metrics.metrics.registry.metrics();
  return Object.fromEntries(
    [...text.matchAll(/^kalpana_workspaces\{status="(\w+)"\} (\d+)$/gm)].map((r) => [r[1], Number(r[2])]),
  );
};

test("each scrape counts workspaces by status", async () => {
  const db = m.db.db();
  const userId = (await db.user.create({ data: { id: "u-g", name: "G", email: "g@example.com" } })).id;
  assert.deepEqual(await gauge(), { STOPPED: 0, STARTING: 0, RUNNING: 0, STOPPING: 0, ERROR: 0 });
  const base = { userId, template: "node", bridgeSecret: "v1:x", memoryMb: 256, cpus: 1, pidsLimit: 64 };
  await db.workspace.createMany({
    data: [
      { ...base, name: "a", status: "RUNNING" },
      { ...base, name: "b", status: "RUNNING" },
      { ...base, name: "c", status: "ERROR" },
    ],
  });
  assert.deepEqual(await gauge(), { STOPPED: 0, STARTING: 0, RUNNING: 2, STOPPING: 0, ERROR: 1 });
  await db.workspace.updateMany({ where: { name: "a" }, data: { status: "STOPPED" } });
  assert.deepEqual(await gauge(), { STOPPED: 1, STARTING: 0, RUNNING: 1, STOPPING: 0, ERROR: 1 });
});
