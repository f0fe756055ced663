// Tokens that carry a person from the app to a workspace origin. The app mints a GRANT (60 s, single
// use, in a URL) for (session, user, workspace, port); the workspace origin redeems it once and sets
// its own host-only ACCESS cookie. Both are HMAC-signed with a key derived from the auth secret, with
// different labels so that one can never pass for the other. Neither is a session: every request
// with an access cookie still checks that its session exists (sign-out ends access).
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { forgetExpiredGrants, spendGrantNonce } from "../db/redeemed-grants";
import { processSlot } from "../process-state";

export const GRANT_TTL_MS = 60_000;
/** An access cookie outlives no session and no working day. */
export const ACCESS_MAX_MS = 12 * 60 * 60_000;

/** Who, to what: port 0 is the IDE, anything else a port preview. */
const Claims = z.object({
  s: z.string().min(1).max(200), // session id
  u: z.string().min(1).max(200), // user id
  w: z.string().min(1).max(64), // workspace id
  p: z.number().int().min(0).max(65535),
  e: z.number().int(), // expiry, epoch ms
  n: z.string().max(64).optional(), // grants only: single-use nonce
});
export type Claims = z.infer<typeof Claims>;
export type Target = { workspaceId: string; port: number };

type Kind = "grant" | "access";

const keys = new Map<string, Buffer>();
function key(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = Buffer.from(hkdfSync("sha256", secret, "kalpana", "workspace-origin-tokens", 32));
    keys.set(secret, k);
  }
  return k;
}

function sign(secret: string, kind: Kind, body: string): string {
  return createHmac("sha256", key(secret)).update(`${kind}.${body}`).digest("base64url");
}

function encode(secret: string, kind: Kind, claims: Claims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${sign(secret, kind, body)}`;
}

function decode(secret: string, kind: Kind, token: unknown, now: number): Claims | null {
  if (typeof token !== "string" || token.length > 2048) return null;
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const want = Buffer.from(sign(secret, kind, body));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const claims = Claims.safeParse(parsed);
  return claims.success && claims.data.e > now ? claims.data : null;
}

const matches = (c: Claims, t: Target) => c.w === t.workspaceId && c.p === t.port;

export function mintGrant(
  secret: string,
  who: { sessionId: string; userId: string },
  t: Target,
  now = Date.now(),
): string {
  const claims = { s: who.sessionId, u: who.userId, w: t.workspaceId, p: t.port, e: now + GRANT_TTL_MS };
  return encode(secret, "grant", { ...claims, n: randomBytes(16).toString("base64url") });
}

// Redeemed nonces live in the database until their grant would have expired anyway: a grant is
// accepted by exactly one redemption, whichever web process it reaches (db/redeemed-grants.ts).
const sweep = processSlot("redeemed-grants-sweep", () => ({ last: 0 }));
const SWEEP_EVERY_MS = 60_000;

/** The grant's claims if it is genuine, unexpired, for this target and not redeemed before. */
export async function redeemGrant(
  secret: string,
  token: unknown,
  t: Target,
  now = Date.now(),
): Promise<Claims | null> {
  const c = decode(secret, "grant", token, now);
  if (!c?.n || !matches(c, t) || c.e > now + GRANT_TTL_MS) return null;
  if (now - sweep.last >= SWEEP_EVERY_MS) {
    sweep.last = now;
    void forgetExpiredGrants(new Date(now)).catch(() => undefined); // tidying only: retried next minute
  }
  return (await spendGrantNonce(c.n, new Date(c.e))) ? c : null;
}

export function mintAccess(
  secret: string,
  grant: Claims,
  sessionExpiresAt: number,
  now = Date.now(),
): Claims & { token: string } {
  const claims: Claims = {
    s: grant.s,
    u: grant.u,
    w: grant.w,
    p: grant.p,
    e: Math.min(sessionExpiresAt, now + ACCESS_MAX_MS),
  };
  return { ...claims, token: encode(secret, "access", claims) };
}

export function verifyAccess(secret: string, token: unknown, t: Target, now = Date.now()): Claims | null {
  const c = decode(secret, "access", token, now);
  return c && matches(c, t) ? c : null;
}
