// KALPANA_SERVER_KEY_DAILY_LIMIT: chat requests per user and UTC day that run on the server's own
// OpenRouter key. Counted in the database (one row per user and day, incremented atomically by an
// upsert), so a restart does not reset it and every web process sees the same count.
import { RateLimited } from "../http/rate-limit";
import { db } from "./client";

export const utcDay = (now: Date) => now.toISOString().slice(0, 10);

function secondsToMidnightUtc(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** Counts one request on the server's key; throws 429 once today's count passes `limit` (0 = no cap). */
export async function chargeServerKey(userId: string, limit: number, now = new Date()): Promise<number> {
  if (limit === 0) return 0;
  const day = utcDay(now);
  const row = await db().serverKeyUsage.upsert({
    where: { userId_day: { userId, day } },
    create: { userId, day, requests: 1 },
    update: { requests: { increment: 1 } },
  });
  if (row.requests > limit) {
    throw new RateLimited(
      `You have used today's ${limit} agent requests on the server's OpenRouter key. Add your own key in Settings → Model provider to keep going, or continue tomorrow (the count resets at 00:00 UTC).`,
      secondsToMidnightUtc(now),
    );
  }
  return row.requests;
}
