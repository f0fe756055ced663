// A state write that fails is an error, not silence: setState answers null only when the row was
// deleted meanwhile (Prisma P2025); a database that refuses the write makes it reject, and a start
// pipeline whose failure cannot even be recorded is reported instead of crashing the process.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setupAppEnv } from "../http/routes.fixture";
import { captureLogs } from "../log/capture.fixture";

let env: { cleanup: () => void };
let m: {
  state: typeof import("./state");
  db: typeof import("../db/client");
  active: typeof import("./active");
};

// What the domain code logs (JSON lines), read before any module creates the logger.
let logged: { msg?: string }[] = [];
before(async () => {
  logged = captureLogs<{ msg?: string }>();
  env = await setupAppEnv();
  m = { state: await import("./state"), db: await import("../db/client"), active: await import("./active") };
  await m.db.db().user.create({ data: { id: "u1", name: "a", email: "a@example.com" } });
});
after(async () => {
  await m?.db.db().$disconnect();
  env?.cleanup();
});

const workspace = () =>
  m.db.db().workspace.create({
    data: {
      userId: "u1",
      name: `w${Math.random()}`,
      template: "node",
      bridgeSecret: "v1:x",
      memoryMb: 256,
      cpus: 1,
      pidsLimit: 64,
    },
  });

test("a deleted row is null; a refused write rejects", async () => {
  assert.equal(await m.state.setState("no-such-row", { status: "RUNNING" }), null);
  const w = await workspace();
  assert.equal((await m.state.setState(w.id, { status: "ERROR", message: "x" }))?.status, "ERROR");
  await m.db.db().$executeRawUnsafe("PRAGMA query_only = ON");
  try {
    await assert.rejects(m.state.setState(w.id, { status: "RUNNING" }), /readonly|read-only|query_only/i);
    await assert.rejects(m.state.markCloned(w.id));
  } finally {
    await m.db.db().$executeRawUnsafe("PRAGMA query_only = OFF");
  }
  assert.equal((await m.db.db().workspace.findUniqueOrThrow({ where: { id: w.id } })).status, "ERROR");
});

test("a start whose failure cannot be stored is logged, and the process keeps running", async () => {
  m.active.trackStart("w-db-down", async () => {
    throw new Error("database is down");
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(
    logged.some((l) => l.msg?.includes("could not be stored")),
    JSON.stringify(logged),
  );
  assert.equal(m.active.isStarting("w-db-down"), false);
});
