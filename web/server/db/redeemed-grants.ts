// Spent workspace-origin grants (proxy/grants.ts). Spending is ONE insert keyed by the grant's
// nonce: whichever web process inserts first redeems the grant, every later insert (a replay, or
// the same link opened through another web process at the same moment) hits the key and fails.
import { db } from "./client";
import { isUniqueViolation } from "./errors";
import type { Queryable } from "./tx";

/** True if this call spent the nonce; false if it had been spent before. */
export async function spendGrantNonce(nonce: string, expiresAt: Date, q: Queryable = db()): Promise<boolean> {
  try {
    await q.redeemedGrant.create({ data: { nonce, expiresAt } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Forgets nonces whose grants have expired (a replay of those fails on the expiry already). */
export async function forgetExpiredGrants(now: Date, q: Queryable = db()): Promise<number> {
  return (await q.redeemedGrant.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
