// Requests on a workspace's own origins: the IDE (<id>.<workspace domain>) and its port previews
// (<port>--<id>.<preview domain>). The app's session is never used here: a grant from the app is
// exchanged at /__kalpana/auth for this origin's own cookie, checked on every request and upgrade.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { UpstreamTarget } from "@kalpana/bridge/protocol";
import { rawReply } from "@kalpana/bridge/proxy";
import { safePath } from "../../contract/safe-path";
import { audit } from "../audit/audit";
import { config } from "../config";
import { ideOrigin, type Origins, previewOrigin } from "../origins";
import { accessCookie, accessCookieName, readCookie } from "./cookies";
import { forwardHttp, forwardUpgrade } from "./forward";
import { mintAccess, redeemGrant, type Target } from "./grants";
import { checkOriginAccess, lookUp } from "./origin-access";
import { nothingListeningPage, startingPage } from "./pages";
import { trackSocket } from "./socket-sweep";

export type WorkspaceHost = { kind: "ide"; id: string } | { kind: "preview"; id: string; port: number };

export const AUTH_PATH = "/__kalpana/auth";

const targetOf = (h: WorkspaceHost): Target => ({ workspaceId: h.id, port: h.kind === "ide" ? 0 : h.port });
const upstreamOf = (h: WorkspaceHost): UpstreamTarget =>
  h.kind === "ide" ? { kind: "ide" } : { kind: "port", port: h.port };
const ownOrigin = (o: Origins, h: WorkspaceHost) =>
  h.kind === "ide" ? ideOrigin(o, h.id) : previewOrigin(o, h.id, h.port);

/** The app route that mints a grant for this host and sends the browser back to `next`. */
export function openUrl(o: Origins, h: WorkspaceHost, next: string): string {
  const route = h.kind === "ide" ? `/w/${h.id}/ide` : `/w/${h.id}/preview/${h.port}`;
  return `${o.app}${route}?next=${encodeURIComponent(next)}`;
}

export const safeNext = (next: unknown) => safePath(next, "/");

const wantsHtml = (req: IncomingMessage) =>
  (req.method === "GET" || req.method === "HEAD") && /text\/html/.test(req.headers.accept ?? "");

/** Framing: only the app may frame a workspace origin (the IDE iframe), and the origin itself
 * (VS Code's webviews are nested frames of the workbench). */
const frameHeaders = (o: Origins) => ({ "content-security-policy": `frame-ancestors ${o.app} 'self'` });

/** /__kalpana/auth?grant=…&next=…: a genuine, fresh, unused grant for this origin whose session lives
 * and whose user owns the workspace becomes this origin's cookie (even while it starts). */
async function redeem(res: ServerResponse, o: Origins, h: WorkspaceHost, url: URL) {
  const c = config();
  const grant = await redeemGrant(c.authSecret, url.searchParams.get("grant"), targetOf(h));
  const access = grant ? await lookUp(grant) : null;
  if (!grant || !access || !("sessionExpiresAt" in access)) {
    res
      .writeHead(403, { "content-type": "text/plain", "cache-control": "no-store", ...frameHeaders(o) })
      .end("This link has expired or was already used. Open the workspace again from Kalpana.");
    return;
  }
  const a = mintAccess(c.authSecret, grant, access.sessionExpiresAt);
  void audit({
    userId: grant.u,
    workspaceId: grant.w,
    action: grant.p ? "preview.open" : "ide.open",
    summary: grant.p ? `port ${grant.p}` : "VS Code",
  });
  res
    .writeHead(302, {
      location: safeNext(url.searchParams.get("next")),
      "set-cookie": accessCookie(o, a.token, Math.max(1, Math.floor((a.e - Date.now()) / 1000))),
      "cache-control": "no-store",
      // The grant is spent, but it need not travel on in a Referer either.
      "referrer-policy": "no-referrer",
    })
    .end();
}

export async function handleWorkspaceRequest(req: IncomingMessage, res: ServerResponse, h: WorkspaceHost) {
  const o = config().origins;
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === AUTH_PATH) return redeem(res, o, h, url);
  const token = readCookie(req, accessCookieName(o));
  const access = await checkOriginAccess(config().authSecret, token, targetOf(h));
  if (access.kind === "unauthenticated") {
    if (wantsHtml(req)) res.writeHead(302, { location: openUrl(o, h, req.url ?? "/") }).end();
    else
      res
        .writeHead(401, { "content-type": "text/plain", ...frameHeaders(o) })
        .end("Open this workspace from Kalpana");
    return;
  }
  if (access.kind === "not_found") {
    res.writeHead(404, { "content-type": "text/plain", ...frameHeaders(o) }).end("Workspace not found");
    return;
  }
  if (access.kind === "not_running") {
    const headers = { "cache-control": "no-store", "retry-after": "3", ...frameHeaders(o) };
    if (wantsHtml(req))
      res
        .writeHead(503, { ...headers, "content-type": "text/html; charset=utf-8" })
        .end(startingPage(access.name, access.status, access.message));
    else
      res
        .writeHead(503, { ...headers, "content-type": "text/plain" })
        .end(`Workspace is ${access.status.toLowerCase()}`);
    return;
  }
  // code-server's own port proxy would serve a dev server's pages on the IDE's origin: send them to
  // the port's preview origin instead.
  const portProxy = h.kind === "ide" ? /^\/(?:abs)?proxy\/(\d{1,5})(\/.*)?$/.exec(url.pathname) : null;
  if (portProxy && Number(portProxy[1]) >= 1 && Number(portProxy[1]) <= 65535) {
    const preview: WorkspaceHost = { kind: "preview", id: h.id, port: Number(portProxy[1]) };
    res.writeHead(302, { location: openUrl(o, preview, `${portProxy[2] ?? "/"}${url.search}`) }).end();
    return;
  }
  await forwardHttp(req, res, {
    workspaceId: h.id,
    target: upstreamOf(h),
    scheme: o.scheme,
    path: req.url ?? "/",
    responseHeaders: frameHeaders(o),
    onRefused:
      h.kind === "preview"
        ? (r) =>
            r
              .writeHead(502, {
                "content-type": "text/html; charset=utf-8",
                "cache-control": "no-store",
                ...frameHeaders(o),
              })
              .end(nothingListeningPage(h.port))
        : undefined,
  });
}

export async function handleWorkspaceUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  h: WorkspaceHost,
) {
  const o = config().origins;
  // A page of another origin (another workspace, a preview, the open web) cannot open this one's
  // sockets, even in a browser that would send the cookie.
  if (req.headers.origin !== ownOrigin(o, h)) return rawReply(socket, 403, "Forbidden");
  const access = await checkOriginAccess(
    config().authSecret,
    readCookie(req, accessCookieName(o)),
    targetOf(h),
  );
  if (access.kind === "unauthenticated") return rawReply(socket, 401, "Unauthorized");
  if (access.kind === "not_found") return rawReply(socket, 404, "Not Found");
  if (access.kind !== "ok") return rawReply(socket, 503, "Service Unavailable");
  const sessionId = access.claims.s;
  await forwardUpgrade(
    req,
    socket,
    head,
    { workspaceId: h.id, target: upstreamOf(h), scheme: o.scheme, path: req.url ?? "/" },
    (client) => trackSocket(sessionId, client),
  );
}
