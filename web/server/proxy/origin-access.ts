// Who may use a workspace origin: the bearer of a valid access cookie for THIS workspace and port,
// whose session still exists (sign-out ends access), who owns the workspace, while it is RUNNING.
// Answers are remembered for a moment: VS Code loads hundreds of files when it opens.
import { findSession } from "../db/accounts";
import { findOwned } from "../db/workspaces";
import { processSlot } from "../process-state";
import { type Claims, type Target, verifyAccess } from "./grants";

export type OriginAccess =
  | { kind: "unauthenticated" }
  | { kind: "not_found" }
  | { kind: "not_running"; name: string; status: string; message: string | null; sessionExpiresAt: number }
  | { kind: "ok"; claims: Claims; sessionExpiresAt: number };

const REMEMBER_MS = 2000;
const remembered = processSlot(
  "origin-access",
  () => new Map<string, { until: number; access: OriginAccess }>(),
);

/** Looks the session and the workspace up (no cache). */
export async function lookUp(claims: Claims, now = Date.now()): Promise<OriginAccess> {
  const [session, w] = await Promise.all([findSession(claims.s), findOwned(claims.u, claims.w)]);
  if (!session || session.userId !== claims.u || session.expiresAt.getTime() <= now)
    return { kind: "unauthenticated" };
  if (!w) return { kind: "not_found" };
  const sessionExpiresAt = session.expiresAt.getTime();
  if (w.status !== "RUNNING")
    return {
      kind: "not_running",
      name: w.name,
      status: w.status,
      message: w.statusMessage,
      sessionExpiresAt,
    };
  return { kind: "ok", claims, sessionExpiresAt };
}

export async function checkOriginAccess(
  secret: string,
  token: string | undefined,
  target: Target,
  now = Date.now(),
): Promise<OriginAccess> {
  const claims = verifyAccess(secret, token, target, now);
  if (!claims || !token) return { kind: "unauthenticated" };
  const hit = remembered.get(token);
  if (hit && hit.until > now) return hit.access;
  const access = await lookUp(claims, now);
  if (remembered.size > 10_000) remembered.clear();
  remembered.set(token, { until: now + REMEMBER_MS, access });
  return access;
}

/** After sign-out, forget what we remembered for that session at once. */
export function forgetSession(sessionId: string): void {
  for (const [token, v] of remembered)
    if (v.access.kind === "ok" && v.access.claims.s === sessionId) remembered.delete(token);
}
