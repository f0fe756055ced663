// App routes that send the signed-in owner to a workspace origin: /w/<id>/ide and
// /w/<id>/preview/<port>, each with an optional ?next=<path on that origin>. They mint a one-time
// grant and redirect; the workspace origin redeems it for its own cookie. Only a navigation started
// by the app itself (or typed by the person) gets one: another site's page, or a preview on a sibling
// origin, cannot make the app hand a grant to anyone.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getSessionWithId, toHeaders } from "../auth/session";
import { config } from "../config";
import { ideOrigin, previewOrigin } from "../origins";
import { ownsWorkspace } from "../workspaces/store";
import { mintGrant } from "./grants";
import { AUTH_PATH, safeNext } from "./workspace-origin";

const OPEN = /^\/w\/([a-z0-9]{1,40})\/(ide|preview\/(\d{1,5}))\/?$/;

export type OpenTarget = { id: string; port: number };

export function matchOpenPath(url: string | undefined): OpenTarget | null {
  const m = OPEN.exec(new URL(url ?? "/", "http://x").pathname);
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : 0;
  if (m[3] && (port < 1 || port > 65535)) return null;
  return { id: m[1]!, port };
}

/** Sec-Fetch-Site is sent by every current browser; a request without it is not a browser's. */
function startedByTheApp(req: IncomingMessage): boolean {
  const site = req.headers["sec-fetch-site"];
  return site === undefined || site === "same-origin" || site === "none";
}

function deny(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" }).end(text);
}

export async function handleOpen(req: IncomingMessage, res: ServerResponse, t: OpenTarget): Promise<void> {
  const c = config();
  const url = new URL(req.url ?? "/", "http://x");
  const next = safeNext(url.searchParams.get("next"));
  if (req.method !== "GET" && req.method !== "HEAD") return deny(res, 405, "Method not allowed");
  if (!startedByTheApp(req)) return deny(res, 403, "Open the workspace from Kalpana");
  const session = await getSessionWithId(toHeaders(req.headers));
  if (!session) {
    const back = `${url.pathname}${url.search}`;
    res.writeHead(302, { location: `/sign-in?next=${encodeURIComponent(back)}` }).end();
    return;
  }
  if (!(await ownsWorkspace(session.user.id, t.id))) return deny(res, 404, "Workspace not found");
  const grant = mintGrant(
    c.authSecret,
    { sessionId: session.sessionId, userId: session.user.id },
    {
      workspaceId: t.id,
      port: t.port,
    },
  );
  const origin = t.port === 0 ? ideOrigin(c.origins, t.id) : previewOrigin(c.origins, t.id, t.port);
  const location = `${origin}${AUTH_PATH}?grant=${encodeURIComponent(grant)}&next=${encodeURIComponent(next)}`;
  res.writeHead(302, { location, "cache-control": "no-store", "referrer-policy": "no-referrer" }).end();
}
