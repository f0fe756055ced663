// App routes that send the signed-in owner to a workspace origin: /w/<id>/ide and
// /w/<id>/preview/<port>, each with an optional ?next=<path on that origin>. They mint a one-time
// grant and redirect; the workspace origin redeems it for its own cookie. A fetch from another origin
// gets nothing; a navigation that another origin started (a workspace origin sending the person back
// for a new grant, or a page trying its luck) gets one only for the origin's front page, so no other
// site chooses what the IDE opens with. The grant itself never reaches the page that asked.
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

/** Sec-Fetch-* are sent by every current browser; a request without them is not a browser's. */
function initiator(req: IncomingMessage): "app" | "navigation" | "other" {
  const site = req.headers["sec-fetch-site"];
  if (site === undefined || site === "same-origin" || site === "none") return "app";
  return req.headers["sec-fetch-mode"] === "navigate" ? "navigation" : "other";
}

function deny(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" }).end(text);
}

export async function handleOpen(req: IncomingMessage, res: ServerResponse, t: OpenTarget): Promise<void> {
  const c = config();
  const url = new URL(req.url ?? "/", "http://x");
  if (req.method !== "GET" && req.method !== "HEAD") return deny(res, 405, "Method not allowed");
  const from = initiator(req);
  if (from === "other") return deny(res, 403, "Open the workspace from Kalpana");
  const next = from === "app" ? safeNext(url.searchParams.get("next")) : "/";
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
