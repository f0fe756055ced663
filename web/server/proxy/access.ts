// Path mode only (KALPANA_UNSAFE_SAME_ORIGIN_IDE=1): who may reach /w/<id>/ide/... on the app's own
// origin: the signed-in owner of a RUNNING workspace, by the app's session cookie. Shared by the
// HTTP and the WebSocket paths so both answer the same way.
import type { IncomingMessage } from "node:http";
import { getSessionUser, toHeaders } from "../auth/session";
import { findOwned } from "../db/workspaces";

const PREFIX = /^\/w\/([A-Za-z0-9_-]{1,64})\/ide(\/[^?#]*)?(\?.*)?$/;

export type IdeTarget = { id: string; rest: string | undefined; query: string };

/** Splits /w/<id>/ide/<rest>?<query>; null when the URL is not an IDE path. */
export function matchIdePath(url: string | undefined): IdeTarget | null {
  const m = PREFIX.exec(url ?? "");
  return m ? { id: m[1] as string, rest: m[2], query: m[3] ?? "" } : null;
}

export type Access =
  | { kind: "unauthenticated" }
  | { kind: "not_found" }
  | { kind: "not_running"; name: string; status: string; message: string | null }
  | { kind: "ok" };

export async function checkAccess(req: IncomingMessage, id: string): Promise<Access> {
  const user = await getSessionUser(toHeaders(req.headers));
  if (!user) return { kind: "unauthenticated" };
  const w = await findOwned(user.id, id);
  if (!w) return { kind: "not_found" };
  if (w.status !== "RUNNING")
    return { kind: "not_running", name: w.name, status: w.status, message: w.statusMessage };
  return { kind: "ok" };
}
