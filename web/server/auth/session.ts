import { type SessionUser, sessionUserSchema } from "../../contract/session";
import { unauthenticated } from "../errors";
import { addLogContext } from "../log/context";
import { auth } from "./auth";

export type { SessionUser };

/**
 * The session for these headers, read from the database on every call: never from better-auth's
 * cookie cache, which would keep a deleted session (sign-out elsewhere, a disabled account) alive
 * for up to a minute. A disabled account has no session, even one created while it was disabled.
 */
async function liveSession(headers: Headers) {
  const session = await auth().api.getSession({ headers, query: { disableCookieCache: true } });
  if (!session || (session.user as { disabledAt?: unknown }).disabledAt) return null;
  return session;
}

/** The signed-in user for these request headers (cookie), or null. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await liveSession(headers);
  if (!session) return null;
  const user = sessionUserSchema.parse(session.user);
  addLogContext({ userId: user.id }); // the rest of this request's log lines name the user
  return user;
}

/** The user and their session (id and expiry): what a workspace-origin grant is bound to. */
export async function getSessionWithId(
  headers: Headers,
): Promise<{ user: SessionUser; sessionId: string; expiresAt: number } | null> {
  const session = await liveSession(headers);
  if (!session) return null;
  return {
    user: sessionUserSchema.parse(session.user),
    sessionId: session.session.id,
    expiresAt: new Date(session.session.expiresAt).getTime(),
  };
}

export async function requireSession(headers: Headers): Promise<SessionUser> {
  const user = await getSessionUser(headers);
  if (!user) throw unauthenticated();
  return user;
}

/** Node's IncomingMessage headers → Fetch Headers, for the custom server (IDE proxy, socket.io). */
export function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const item of v) h.append(k, item);
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}
