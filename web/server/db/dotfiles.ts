// The person's dotfiles repository URL (User.dotfilesUrl), set in Settings.
import { db } from "./client";
import type { Queryable } from "./tx";

export async function getDotfilesUrl(userId: string, q: Queryable = db()): Promise<string | null> {
  const u = await q.user.findUnique({ where: { id: userId }, select: { dotfilesUrl: true } });
  return u?.dotfilesUrl ?? null;
}

export async function setDotfilesUrl(userId: string, url: string | null, q: Queryable = db()): Promise<void> {
  await q.user.update({ where: { id: userId }, data: { dotfilesUrl: url } });
}
