// One grant, many web processes on one PostgreSQL: the redemption is one insert, so of many
// simultaneous redemptions through separate database clients (separate connection pools, as two
// web processes have) exactly one is accepted, and a replay after it fails too.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { postgresSkipReason } from "../../../scripts/testing/postgres.fixture";
import { createDb, type Db, disconnectDb } from "../db/client";
import { postgresTestDb, type TestDb } from "../db/data-layer.fixture";
import { forgetExpiredGrants, spendGrantNonce } from "../db/redeemed-grants";
import { GRANT_TTL_MS, mintGrant, redeemGrant } from "./grants";

const skip = postgresSkipReason() ?? false;
const secret = "s".repeat(64);
const who = { sessionId: "sess1", userId: "u1" };
const ide = { workspaceId: "cws1", port: 0 };
let t: TestDb;
let other: Db;
let saved: string | undefined;

before(async () => {
  if (skip) return;
  t = await postgresTestDb();
  other = createDb(t.url);
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = t.url;
});
after(async () => {
  if (skip) return;
  process.env.DATABASE_URL = saved;
  await other.$disconnect();
  await disconnectDb();
  await t.close();
});

const nonceOf = (g: string) => JSON.parse(Buffer.from(g.split(".")[0]!, "base64url").toString()).n as string;

test("of 40 simultaneous spends of one nonce through two clients, exactly one wins", { skip }, async () => {
  for (let round = 0; round < 5; round++) {
    const nonce = nonceOf(mintGrant(secret, who, ide));
    const expires = new Date(Date.now() + GRANT_TTL_MS);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => spendGrantNonce(nonce, expires, i % 2 ? other : t.db)),
    );
    assert.equal(
      results.filter(Boolean).length,
      1,
      `round ${round}: ${results.filter(Boolean).length} winners`,
    );
  }
});

test("a grant redeemed through one process cannot be redeemed through another", { skip }, async () => {
  const g = mintGrant(secret, who, ide);
  const [a, b] = await Promise.all([redeemGrant(secret, g, ide), redeemGrant(secret, g, ide)]);
  assert.equal([a, b].filter(Boolean).length, 1);
  // The other process's view: its own client finds the nonce spent.
  assert.equal(await spendGrantNonce(nonceOf(g), new Date(Date.now() + GRANT_TTL_MS), other), false);
});

test("expired nonces are forgotten; live ones are kept", { skip }, async () => {
  const now = Date.now();
  await spendGrantNonce("old", new Date(now - 1), t.db);
  await spendGrantNonce("live", new Date(now + GRANT_TTL_MS), t.db);
  assert.ok((await forgetExpiredGrants(new Date(now), other)) >= 1);
  const left = (await t.db.redeemedGrant.findMany({ where: { nonce: { in: ["old", "live"] } } })).map(
    (r) => r.nonce,
  );
  assert.deepEqual(left, ["live"]);
});
