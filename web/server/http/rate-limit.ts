// Per-user token buckets for the expensive or abusable routes (chat, workspace creation, key
// tests). A bucket holds up to `burst` tokens and refills `perMinute` per minute; an empty bucket
// answers 429 with Retry-After. In memory and per process (shared by the custom server and the
// route bundles through processSlot): a restart forgets them, which is fine for rate limits;
// quotas that must survive restarts (the server key's daily cap) live in the database.

import { AppError } from "../errors";
import { processSlot } from "../process-state";

export type Rate = { perMinute: number; burst?: number };
type Bucket = { tokens: number; at: number };

const buckets = processSlot("rate-limit-buckets", () => new Map<string, Bucket>());
const MAX_BUCKETS = 50_000;

/** 429 with a Retry-After header (seconds). */
export class RateLimited extends AppError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super("quota_exceeded", message);
  }

  override toResponse(): Response {
    const res = super.toResponse();
    res.headers.set("retry-after", String(this.retryAfterS));
    return res;
  }
}

/** Takes one token; returns the seconds to wait when there is none (0 = allowed). */
export function take(name: string, key: string, rate: Rate, now = Date.now()): number {
  const burst = rate.burst ?? rate.perMinute;
  const perMs = rate.perMinute / 60_000;
  const id = `${name}\u0000${key}`;
  const b = buckets.get(id) ?? { tokens: burst, at: now };
  b.tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    if (!buckets.has(id) && buckets.size >= MAX_BUCKETS) prune(now, perMs, burst);
    buckets.set(id, b);
    return 0;
  }
  buckets.set(id, b);
  return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
}

// Full buckets carry no information: drop them (oldest first) so the map cannot grow without bound.
function prune(now: number, perMs: number, burst: number): void {
  for (const [id, b] of buckets) {
    if (b.tokens + (now - b.at) * perMs >= burst) buckets.delete(id);
  }
  if (buckets.size >= MAX_BUCKETS) buckets.clear();
}

/** Throws RateLimited (429) when `key` has used up its `name` bucket. */
export function rateLimit(name: string, key: string, rate: Rate, what: string): void {
  const wait = take(name, key, rate);
  if (wait > 0) {
    throw new RateLimited(`Too many ${what}: wait ${wait} s, then try again.`, wait);
  }
}

/** Forgets every bucket (tests). */
export function resetRateLimits(): void {
  buckets.clear();
}
