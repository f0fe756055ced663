// The app defends its own origin. Workspace origins are same-site with the app, so a page a workspace
// serves CAN make the browser send requests that carry the app's cookies (SameSite=Lax allows
// same-site requests). What stops it: state-changing requests must come from the app's own origin,
// JSON bodies must say so (a cross-origin "simple" request cannot), no CORS is ever granted, and app
// pages cannot be framed.
import type { IncomingMessage, ServerResponse } from "node:http";

const SAFE = new Set(["GET", "HEAD"]);

export type Refusal = { status: number; message: string };

/** Why this request to the app must be refused, or null. Non-browser clients send neither header. */
export function refusal(req: IncomingMessage, appOrigin: string): Refusal | null {
  const method = req.method ?? "GET";
  if (method === "OPTIONS") return { status: 403, message: "Cross-origin requests are not allowed" };
  if (SAFE.has(method)) return null;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== appOrigin)
    return { status: 403, message: "Cross-origin request refused" };
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none")
    return { status: 403, message: "Cross-site request refused" };
  const hasBody =
    Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if ((req.url ?? "").startsWith("/api/") && hasBody && type !== "application/json")
    return { status: 415, message: "Send JSON (content-type: application/json)" };
  return null;
}

export function refuse(res: ServerResponse, r: Refusal): void {
  res
    .writeHead(r.status, { "content-type": "application/json" })
    .end(JSON.stringify({ error: { code: "forbidden", message: r.message } }));
}

/** Headers for every response of the app's origin. */
export function setAppHeaders(res: ServerResponse, path: string): void {
  // /w/<id>/ide|preview are redirects into the IDE iframe: nothing to frame there, and no policy to trip.
  if (!path.startsWith("/w/")) {
    res.setHeader("content-security-policy", "frame-ancestors 'none'");
    res.setHeader("x-frame-options", "DENY");
  }
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "same-origin");
}
