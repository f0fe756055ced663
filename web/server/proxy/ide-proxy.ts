// Same-origin IDE proxy: /w/<id>/ide/... (HTTP and WebSocket) → the workspace's code-server on its
// loopback port, after checking that the session owns the workspace. Unknown or someone else's
// workspace → 404; signed out → 302 /sign-in (HTML GET) or 401; not running → a "starting" page.
import { type IncomingMessage, request, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { touchWorkspace } from "../workspaces/activity";
import { reconcileWorkspace } from "../workspaces/reconcile";
import { type Access, checkAccess, type IdeTarget, matchIdePath, upstreamHeaders } from "./access";
import { startingPage } from "./starting-page";

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

async function proxyHttp(req: IncomingMessage, res: ServerResponse, t: IdeTarget): Promise<void> {
  if (t.rest === undefined) {
    res.writeHead(302, { location: `/w/${t.id}/ide/${t.query}` }).end();
    return;
  }
  const access = await checkAccess(req, t.id);
  if (access.kind !== "ok") return deny(res, req, access);
  touchWorkspace(t.id);
  const upstream = request(
    {
      host: "127.0.0.1",
      port: access.port,
      method: req.method,
      path: t.rest + t.query,
      headers: upstreamHeaders(req),
    },
    (up) => {
      const headers = { ...up.headers };
      if (typeof headers.location === "string") headers.location = rewriteLocation(headers.location, t.id);
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    },
  );
  upstream.on("error", (err: NodeJS.ErrnoException) => {
    console.error(`[ide-proxy] ${t.id}: ${err.message}`);
    // After a Docker restart the host ports change: re-read them now rather than at the next tick.
    if (err.code === "ECONNREFUSED") void reconcileWorkspace(t.id).catch(() => undefined);
    if (!res.headersSent)
      res.writeHead(502, { "content-type": "text/plain" }).end("The IDE is not answering");
    else res.destroy();
  });
  req.pipe(upstream);
}

function rawReply(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, t: IdeTarget): Promise<void> {
  const access = await checkAccess(req, t.id);
  if (access.kind === "unauthenticated") return rawReply(socket, 401, "Unauthorized");
  if (access.kind === "not_found" || t.rest === undefined) return rawReply(socket, 404, "Not Found");
  if (access.kind !== "ok") return rawReply(socket, 503, "Service Unavailable");
  touchWorkspace(t.id);
  const upstream = request({
    host: "127.0.0.1",
    port: access.port,
    method: req.method,
    path: t.rest + t.query,
    headers: upstreamHeaders(req),
  });
  upstream.on("upgrade", (up, upSocket, upHead) => {
    const lines = [`HTTP/1.1 ${up.statusCode} ${up.statusMessage}`];
    for (let i = 0; i < up.rawHeaders.length; i += 2)
      lines.push(`${up.rawHeaders[i]}: ${up.rawHeaders[i + 1]}`);
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (upHead.length) socket.write(upHead);
    // Long-lived IDE sockets are activity too (terminals, LSP): touch on traffic, throttled inside.
    upSocket.on("data", () => touchWorkspace(t.id));
    upSocket.pipe(socket).pipe(upSocket);
    upSocket.on("error", () => socket.destroy());
    socket.on("error", () => upSocket.destroy());
  });
  upstream.on("response", (up) => {
    rawReply(socket, up.statusCode ?? 502, up.statusMessage ?? "Bad Gateway");
  });
  upstream.on("error", () => rawReply(socket, 502, "Bad Gateway"));
  if (head.length) upstream.write(head);
  upstream.end();
}

/** Returns true when the request was an IDE path (and is being handled). */
export function handleIdeRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const t = matchIdePath(req.url);
  if (!t) return false;
  proxyHttp(req, res, t).catch((err) => {
    console.error("[ide-proxy] failed:", err);
    if (!res.headersSent) res.writeHead(500).end("Internal error");
  });
  return true;
}

export function handleIdeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const t = matchIdePath(req.url);
  if (!t) return false;
  proxyUpgrade(req, socket, head, t).catch((err) => {
    console.error("[ide-proxy] upgrade failed:", err);
    socket.destroy();
  });
  return true;
}
