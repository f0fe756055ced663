// 30 parallel create and start requests through the real routes, by three users at once, with
// KALPANA_MAX_RUNNING_PER_USER=2 and _TOTAL=4: never more than 2 live workspaces per user nor 4 in
// all, every refusal is a 409/429 with a message, and a refused create leaves no row behind.
// (The engine is a stand-in whose containers never finish starting, so nothing frees a slot.)
// This is the end-to-end wiring; the race itself is shown by quota.test.ts, whose claims reach the
// database at the same moment (here the session checks spread the requests out, so a count-then-
// update without the lock row rarely overshoots in one process).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { callRoute, installFakeRuntime, setupAppEnv, signUp } from "../http/routes.fixture";

let env: { cleanup: () => void };
let db: typeof import("../db/client");

before(async () => {
  env = await setupAppEnv({
    KALPANA_MAX_RUNNING_PER_USER: "2",
    KALPANA_MAX_RUNNING_TOTAL: "4",
    KALPANA_RATE_CREATE_PER_MIN: "1000",
  });
  installFakeRuntime(() => null, { create: () => new Promise(() => {}) });
  db = await import("../db/client");
});

after(async () => {
  await db?.db().$disconnect();
  env?.cleanup();
});

test("30 parallel creates and starts stay within the per-user and total limits", async () => {
  const people = await Promise.all(["p1", "p2", "p3"].map((n) => signUp(`${n}@example.com`)));
  // Each person also owns stopped workspaces to start.
  const stopped = await Promise.all(
    people.flatMap((p) =>
      [0, 1, 2, 3].map((i) =>
        db.db().workspace.create({
          data: {
            userId: p.userId,
            name: `old${i}`,
            template: "node",
            bridgeSecret: "v1:x",
            memoryMb: 256,
            cpus: 1,
            pidsLimit: 64,
          },
        }),
      ),
    ),
  );
  const requests = [
    ...stopped.map((w) =>
      callRoute("workspaces/[id]/start", "POST", {
        cookie: people.find((p) => p.userId === w.userId)!.cookie,
        params: { id: w.id },
      }),
    ),
    ...Array.from({ length: 18 }, (_, i) =>
      callRoute("workspaces", "POST", {
        cookie: people[i % 3]!.cookie,
        body: { name: `new${i}`, template: "node" },
      }),
    ),
  ];
  assert.equal(requests.length, 30);
  const answers = await Promise.all(requests);
  const statuses = answers.map((r) => r.status);
  const live = await db.db().workspace.groupBy({
    by: ["userId"],
    where: { status: { in: ["STARTING", "RUNNING"] } },
    _count: true,
  });
  const total = live.reduce((n, g) => n + g._count, 0);
  assert.equal(total, 4, `live per user: ${JSON.stringify(live)}`);
  for (const g of live) assert.ok(g._count <= 2, `${g.userId} has ${g._count}`);
  assert.equal(statuses.filter((s) => s >= 200 && s < 300).length, 4, statuses.join(","));
  for (const r of answers.filter((a) => a.status >= 400)) {
    assert.ok([409, 429].includes(r.status), String(r.status));
    assert.match(
      ((await r.json()) as { error: { message: string } }).error.message,
      /limit|as many workspaces/,
    );
  }
  // Refused creates left no rows: every row is one of the 12 stopped ones or a live new one.
  const rows = await db.db().workspace.count();
  const createdLive = statuses.slice(12).filter((s) => s < 300).length;
  assert.equal(rows, 12 + createdLive);
});
