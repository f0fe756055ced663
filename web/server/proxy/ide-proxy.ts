// Path mode, an explicit opt-in for trusted single-user installs (KALPANA_UNSAFE_SAME_ORIGIN_IDE=1):
// /w/<id>/ide/... (HTTP and WebSocket) on the APP's origin → code-server through the bridge, after the
// session/ownership check. Anything the workspace serves then runs with the user's whole session:
// see docs/SECURITY.md. Unknown or someone else's workspace → 404; signed out → 302 /sign-in or 401.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { rawReply } from "@kalpana/bridge/proxy";
import { config } from "../config";
import { logger } from "../log/log";
import { type Access, checkAccess, type IdeTarget, matchIdePath } from "./access";
import { forwardHttp, forwardUpgrade } from "./forward";
import type { OpenTarget } from "./open";
import { startingPage } from "./pages";
import { safeNext } from "./workspace-origin";

const log = logger("ide-proxy");

const wantsHtml = (req: IncomingMessage) =>
  req.method === "GET" && /text\/html/.test(req.headers.accept ?? "");

/** code-server's /proxy/<port>/ redirects are root-relative: put our prefix in front. */
export function rewriteLocation(location: string, id: string): string {
  const base = `/w/${id}/ide`;
  if (location.startsWith("/") && !location.startsWith("//") && !location.startsWith(`${base}/`))
    return base + location;
  return location;
}

function deny(res: ServerResponse, req: IncomingMessage, access: Exclude<Access, { kind: "ok" }>): void {
  if (access.kind === "unauthenticated") {
    if (wantsHtml(req)) {
      res.writeHead(302, { location: `/sign-in?next=${encodeURIComponent(req.url ?? "/")}` }).end();
    } else res.writeHead(401, { "content-type": "text/plain" }).end("Sign in to continue");
  } else if (access.kind === "not_found") {
    res.writeHead(404, { "content-type": "text/plain" }).end("Workspace not found");
  } else if (wantsHtml(req)) {
    res
      .writeHead(503, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "retry-after": "3",
      })
      .end(startingPage(access.name, access.status, access.message));
  } else {
    res
      .writeHead(503, { "content-type": "text/plain", "retry-after": "3" })
      .end(`Workspace is ${access.status.toLowerCase()}`);
  }
}

/** /w/<id>/ide?next=… and /w/<id>/preview/<port>?next=… in path mode: plain redirects under the prefix. */
export function redirectOpen(req: IncomingMessage, res: ServerResponse, t: OpenTarget): void {
  const next = safeNext(new URL(req.url ?? "/", "http://x").searchParams.get("next"));
  const base = t.port === 0 ? `/w/${t.id}/ide` : `/w/${t.id}/ide/proxy/${t.port}`;
  res.writeHead(302, { location: `${base}${next}` }).end();
}

async function proxyHttp(req: IncomingMessage, res: ServerResponse, t: IdeTarget): Promise<void> {
  if (t.rest === undefined) return redirectOpen(req, res, { id: t.id, port: 0 });
  const access = await checkAccess(req, t.id);
  if (access.kind !== "ok") return deny(res, req, access);
  await forwardHttp(req, res, {
    workspaceId: t.id,
    target: { kind: "ide" },
    scheme: config().origins.scheme,
    path: t.rest + t.query,
    rewriteLocation: (l) => rewriteLocation(l, t.id),
  });
}

async function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, t: IdeTarget): Promise<void> {
  const access = await checkAccess(req, t.id);
  if (access.kind === "unauthenticated") return rawReply(socket, 401, "Unauthorized");
  if (access.kind === "not_found" || t.rest === undefined) return rawReply(socket, 404, "Not Found");
  if (access.kind !== "ok") return rawReply(socket, 503, "Service Unavailable");
  await forwardUpgrade(req, socket, head, {
    workspaceId: t.id,
    target: { kind: "ide" },
    scheme: config().origins.scheme,
    path: t.rest + t.query,
  });
}

/** Returns true when the request was an IDE path (and is being handled). */
export function handleIdeRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const t = matchIdePath(req.url);
  if (!t) return false;
  proxyHttp(req, res, t).catch((err) => {
    log.error({ err }, "IDE proxy failed");
    if (!res.headersSent) res.writeHead(500).end("Internal error");
  });
  return true;
}

export function handleIdeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const t = matchIdePath(req.url);
  if (!t) return false;
  proxyUpgrade(req, socket, head, t).catch((err) => {
    log.error({ err }, "IDE proxy upgrade failed");
    socket.destroy();
  });
  return true;
}
