import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sqliteTestDb, type TestDb } from "../db/data-layer.fixture";
import { GRANT_TTL_MS, mintAccess, mintGrant, redeemGrant, verifyAccess } from "./grants";

const secret = "s".repeat(64);
const who = { sessionId: "sess1", userId: "u1" };
const ide = { workspaceId: "cws1", port: 0 };

// Redemptions are recorded in the database (the cross-process rules are in grants-shared.test.ts).
let t: TestDb;
let saved: string | undefined;
before(async () => {
  t = await sqliteTestDb();
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = t.url;
});
after(async () => {
  process.env.DATABASE_URL = saved;
  const { disconnectDb } = await import("../db/client");
  await disconnectDb();
  await t.close();
});

test("a grant is redeemed once, for its own workspace and port only", async () => {
  const g = mintGrant(secret, who, ide);
  assert.equal(await redeemGrant(secret, g, { workspaceId: "cws2", port: 0 }), null, "other workspace");
  assert.equal(
    await redeemGrant(secret, g, { workspaceId: "cws1", port: 3000 }),
    null,
    "a preview is not the IDE",
  );
  const c = await redeemGrant(secret, g, ide);
  assert.equal(c?.u, "u1");
  assert.equal(await redeemGrant(secret, g, ide), null, "replayed");
});

test("expired, forged, re-signed with another secret, or truncated grants are refused", async () => {
  const now = Date.now();
  assert.equal(await redeemGrant(secret, mintGrant(secret, who, ide, now - GRANT_TTL_MS - 1), ide), null);
  const g = mintGrant(secret, who, ide);
  const [body, mac] = g.split(".");
  const forged = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), u: "u2" }),
  ).toString("base64url");
  assert.equal(await redeemGrant(secret, `${forged}.${mac}`, ide), null);
  assert.equal(await redeemGrant("t".repeat(64), g, ide), null);
  for (const bad of ["", ".", `${body}.`, `${body}.${mac}.x`, "x".repeat(5000), 42, null, undefined])
    assert.equal(await redeemGrant(secret, bad, ide), null, String(bad).slice(0, 20));
});

test("an access cookie is not a grant, and a grant is not an access cookie", async () => {
  const g = mintGrant(secret, who, ide);
  assert.equal(verifyAccess(secret, g, ide), null);
  const c = (await redeemGrant(secret, g, ide))!;
  const access = mintAccess(secret, c, Date.now() + 3_600_000);
  assert.equal(await redeemGrant(secret, access.token, ide), null);
  assert.equal(verifyAccess(secret, access.token, ide)?.s, "sess1");
  assert.equal(verifyAccess(secret, access.token, { workspaceId: "cws1", port: 8080 }), null);
});

test("access never outlives the session", async () => {
  const c = (await redeemGrant(secret, mintGrant(secret, who, ide), ide))!;
  const soon = Date.now() + 1000;
  const a = mintAccess(secret, c, soon);
  assert.equal(a.e, soon);
  assert.equal(verifyAccess(secret, a.token, ide, soon + 1), null);
});
