// Who may reach /w/<id>/ide/...: the signed-in owner of a RUNNING workspace. Shared by the HTTP
// and the WebSocket paths of the IDE proxy so both answer the same way.
import type { IncomingMessage } from "node:http";
import { getSessionUser, toHeaders } from "../auth/session";
import { db } from "../db/client";
import { storedPorts } from "../workspaces/store";

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
  | { kind: "ok"; port: number };

export async function checkAccess(req: IncomingMessage, id: string): Promise<Access> {
  const user = await getSessionUser(toHeaders(req.headers));
  if (!user) return { kind: "unauthenticated" };
  const w = await db().workspace.findUnique({
    where: { id },
    select: { userId: true, name: true, status: true, statusMessage: true, ports: true },
  });
  if (!w || w.userId !== user.id) return { kind: "not_found" };
  const ports = storedPorts(w);
  if (w.status !== "RUNNING" || !ports) {
    return { kind: "not_running", name: w.name, status: w.status, message: w.statusMessage };
  }
  return { kind: "ok", port: ports.ide };
}

/** Headers for code-server: keep Host (its WebSocket origin check needs it), drop our session cookie. */
export function upstreamHeaders(req: IncomingMessage): Record<string, string | string[] | undefined> {
  const headers = { ...req.headers };
  headers["x-forwarded-host"] = req.headers.host; // never trust a client-sent one
  headers["x-forwarded-proto"] = "http";
  delete headers.forwarded;
  delete headers["x-kalpana-path"];
  if (typeof headers.cookie === "string") {
    // The user's own apps behind /proxy/<port>/ must not see the Kalpana session.
    const kept = headers.cookie
      .split(/;\s*/)
      .filter((c) => !/^(__Secure-|__Host-)?better-auth\./.test(c))
      .join("; ");
    if (kept) headers.cookie = kept;
    else delete headers.cookie;
  }
  return headers;
}
