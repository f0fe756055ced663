// Who is an administrator: the first account ever created, or an email listed in KALPANA_ADMINS.
// Nothing is stored: the rule is re-evaluated on every request, so removing an email from the
// environment (and restarting) takes the role away.
import type { SessionUser } from "../auth/session";
import { getSessionUser } from "../auth/session";
import { config } from "../config";
import { firstUserId } from "../db/admin";
import { notFound } from "../errors";

export async function isAdmin(user: Pick<SessionUser, "id" | "email">): Promise<boolean> {
  if (config().KALPANA_ADMINS.includes(user.email.toLowerCase())) return true;
  return (await firstUserId()) === user.id;
}

/**
 * The signed-in administrator, else not_found: to everyone else (signed out included) the admin
 * API answers exactly like a route that does not exist.
 */
export async function requireAdmin(headers: Headers): Promise<SessionUser> {
  const user = await getSessionUser(headers);
  if (!user || !(await isAdmin(user))) throw notFound();
  return user;
}
