// Forwarding a browser request to a workspace's one authenticated entry: its bridge's front, with the
// workspace's secret and the target (code-server or a port) in headers the browser never sees. What
// comes back is untrusted: a bad status line or header fails that one response, never the server.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { Agent, request } from "node:http";
import type { Duplex } from "node:stream";
import {
  formatTarget,
  UPSTREAM_ERROR_HEADER,
  UPSTREAM_SECRET_HEADER,
  UPSTREAM_TARGET_HEADER,
  type UpstreamTarget,
} from "@kalpana/bridge/protocol";
import { pipeUpgrade, rawReply } from "@kalpana/bridge/proxy";
import { logger } from "../log/log";
import { countBridgeError } from "../metrics/metrics";
import { touchWorkspace } from "../workspaces/activity";
import { bridgeEntry, forgetBridgeEntry } from "../workspaces/bridge";

const log = logger("proxy");

/** Cookies that belong to Kalpana (the app's session, workspace-origin access) never go upstream. */
const OUR_COOKIE = /^(__Secure-|__Host-)?(better-auth|kalpana)[.-]/;

export function stripOurCookies(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const kept = cookie
    .split(/;\s*/)
    .filter((c) => c && !OUR_COOKIE.test(c))
    .join("; ");
  return kept || undefined;
}

function upstreamHeaders(
  req: IncomingMessage,
  scheme: string,
  secret: string,
  target: UpstreamTarget,
): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...req.headers };
  // Keep Host: code-server accepts a WebSocket only when Origin matches it.
  headers["x-forwarded-host"] = req.headers.host; // never a client-sent one
  headers["x-forwarded-proto"] = scheme;
  delete headers.forwarded;
  // Our own request stamps (client address, page path) and anything a client sent that looks like
  // them stay here; the front's headers are set below.
  for (const h of Object.keys(headers)) if (h.startsWith("x-kalpana-")) delete headers[h];
  headers.cookie = stripOurCookies(req.headers.cookie);
  if (headers.cookie === undefined) delete headers.cookie;
  headers[UPSTREAM_SECRET_HEADER] = secret;
  headers[UPSTREAM_TARGET_HEADER] = formatTarget(target);
  return headers;
}

/** A plain request on a kept-alive connection must not carry the browser's connection headers. */
function withoutHopByHop(h: IncomingHttpHeaders): IncomingHttpHeaders {
  delete h.connection;
  delete h["keep-alive"];
  delete h["proxy-connection"];
  delete h.upgrade;
  return h;
}

export type ForwardOptions = {
  workspaceId: string;
  target: UpstreamTarget;
  scheme: string;
  path: string;
  /** Headers added to every response (framing policy). */
  responseHeaders?: Record<string, string>;
  rewriteLocation?: (location: string) => string;
  /** Nothing listens (bridge says refused): answer with a page of our own instead of a raw 502. */
  onRefused?: (res: ServerResponse) => void;
};

// Kept-alive connections to the bridges: VS Code opens with hundreds of requests, and each new
// connection to a published port also goes through Docker's port proxy.
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 8, timeout: 60_000 });

function failed(res: ServerResponse, id: string, err: unknown): void {
  countBridgeError("proxy");
  log.error({ workspaceId: id, err: (err as Error).message }, "workspace not answering");
  if (!res.headersSent)
    res.writeHead(502, { "content-type": "text/plain" }).end("The workspace is not answering");
  else res.destroy();
}

export async function forwardHttp(
  req: IncomingMessage,
  res: ServerResponse,
  o: ForwardOptions,
  retried = false,
): Promise<void> {
  const entry = await bridgeEntry(o.workspaceId).catch(() => null);
  if (!entry) {
    res
      .writeHead(503, { "content-type": "text/plain", "retry-after": "3" })
      .end("The workspace is not running");
    return;
  }
  touchWorkspace(o.workspaceId);
  const upstream = request(
    {
      host: entry.host,
      port: entry.port,
      agent: keepAlive,
      method: req.method,
      path: o.path,
      headers: withoutHopByHop(upstreamHeaders(req, o.scheme, entry.secret, o.target)),
    },
    (up) => {
      try {
        if (up.statusCode === 502 && up.headers[UPSTREAM_ERROR_HEADER] === "refused" && o.onRefused) {
          up.resume();
          return o.onRefused(res);
        }
        const headers = { ...up.headers, ...o.responseHeaders };
        delete headers[UPSTREAM_ERROR_HEADER];
        if (typeof headers.location === "string" && o.rewriteLocation)
          headers.location = o.rewriteLocation(headers.location);
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
        up.on("error", () => res.destroy());
      } catch (err) {
        up.destroy();
        failed(res, o.workspaceId, err);
      }
    },
  );
  upstream.on("error", (err: NodeJS.ErrnoException) => {
    if (res.destroyed || res.writableEnded) return; // the browser went away first
    // The container restarted (new host port) or went away: ask the runtime again, once.
    if (err.code === "ECONNREFUSED") {
      forgetBridgeEntry(o.workspaceId);
      if (!retried && (req.method === "GET" || req.method === "HEAD") && !res.headersSent)
        return void forwardHttp(req, res, o, true).catch((e) => failed(res, o.workspaceId, e));
    }
    failed(res, o.workspaceId, err);
  });
  res.on("close", () => upstream.destroy());
  if (retried)
    upstream.end(); // a GET's (empty) body was read by the first attempt
  else req.pipe(upstream);
}

export async function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  o: Pick<ForwardOptions, "workspaceId" | "target" | "scheme" | "path">,
  onOpen?: (client: Duplex) => void,
): Promise<void> {
  const entry = await bridgeEntry(o.workspaceId).catch(() => null);
  if (!entry) return rawReply(socket, 503, "Service Unavailable");
  touchWorkspace(o.workspaceId);
  pipeUpgrade(
    req,
    socket,
    head,
    {
      host: entry.host,
      port: entry.port,
      path: o.path,
      headers: upstreamHeaders(req, o.scheme, entry.secret, o.target),
    },
    {
      // Long-lived IDE sockets are activity too (terminals, LSP): touch on traffic, throttled inside.
      onData: () => touchWorkspace(o.workspaceId),
      onError: (err) => {
        if ((err as NodeJS.ErrnoException).code === "ECONNREFUSED") forgetBridgeEntry(o.workspaceId);
      },
      onOpen: (client) => onOpen?.(client),
    },
  );
}
