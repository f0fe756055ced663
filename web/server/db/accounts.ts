// The accounts repository: reads of better-auth's User, Account and Session tables that the app
// makes itself (better-auth writes them through its adapter, auth-adapter.ts).
import { db } from "./client";
import type { Queryable } from "./tx";

export type SessionRow = { userId: string; expiresAt: Date };

/** The id of the user with this (already lower-cased) email, or null. */
export async function userIdByEmail(email: string, q: Queryable = db()): Promise<string | null> {
  const u = await q.user.findUnique({ where: { email }, select: { id: true } });
  return u?.id ?? null;
}

/** The id of the user's linked account at `providerId` ("github"), or null when none is linked. */
export async function linkedAccountId(
  userId: string,
  providerId: string,
  q: Queryable = db(),
): Promise<string | null> {
  const a = await q.account.findFirst({ where: { userId, providerId }, select: { id: true } });
  return a?.id ?? null;
}

export function findSession(id: string, q: Queryable = db()): Promise<SessionRow | null> {
  return q.session.findUnique({ where: { id }, select: { userId: true, expiresAt: true } });
}

/** Whether the user has any session that still exists and has not expired at `now` (signed in). */
export async function hasLiveSession(
  userId: string,
  now = new Date(),
  q: Queryable = db(),
): Promise<boolean> {
  return (await q.session.count({ where: { userId, expiresAt: { gt: now } } })) > 0;
}

/** Which of `ids` are sessions that still exist and have not expired at `now`. */
export async function liveSessionIds(
  ids: string[],
  now = new Date(),
  q: Queryable = db(),
): Promise<Set<string>> {
  const rows = await q.session.findMany({
    where: { id: { in: ids }, expiresAt: { gt: now } },
    select: { id: true },
  });
  return new Set(rows.map((s) => s.id));
}
