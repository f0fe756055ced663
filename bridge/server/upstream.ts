// The bridge's authenticated front for code-server and the person's dev servers. Nothing in the
// container listens on TCP without the secret: code-server is on a unix socket only this process and
// the workspace user can open, and this front answers only requests that present the secret.
import { Agent, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import {
  UPSTREAM_ERROR_HEADER,
  UPSTREAM_SECRET_HEADER,
  UPSTREAM_TARGET_HEADER,
  UpstreamTarget,
} from "../protocol/index";
import { pipeUpgrade, rawReply } from "../proxy/pipe-upgrade";
import { secretMatches } from "./auth";

export type UpstreamConfig = { secret: string; ideSocket: string };

// Kept-alive connections to code-server and dev servers (VS Code opens with hundreds of requests).
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 8, timeout: 60_000 });

type Route = { ok: true; target: UpstreamTarget } | { ok: false; status: number; text: string };

function route(req: IncomingMessage, config: UpstreamConfig): Route {
  if (!secretMatches(config.secret, req.headers[UPSTREAM_SECRET_HEADER]))
    return { ok: false, status: 401, text: "Unauthorized" };
  const target = UpstreamTarget.safeParse(req.headers[UPSTREAM_TARGET_HEADER]);
  if (!target.success) return { ok: false, status: 400, text: "Bad Request" };
  return { ok: true, target: target.data };
}

function upstreamOptions(req: IncomingMessage, target: UpstreamTarget, config: UpstreamConfig) {
  const headers = { ...req.headers };
  delete headers[UPSTREAM_SECRET_HEADER];
  delete headers[UPSTREAM_TARGET_HEADER];
  return target.kind === "ide"
    ? { socketPath: config.ideSocket, headers }
    : // "localhost" with both families: dev servers bind 127.0.0.1, ::1 or both.
      { host: "localhost", port: target.port, autoSelectFamily: true, headers };
}

/** True when the request is for the front (it carries a target); it is then answered here. */
export function isUpstreamRequest(req: IncomingMessage): boolean {
  return (
    req.headers[UPSTREAM_TARGET_HEADER] !== undefined || req.headers[UPSTREAM_SECRET_HEADER] !== undefined
  );
}

export function proxyUpstream(req: IncomingMessage, res: ServerResponse, config: UpstreamConfig): void {
  const r = route(req, config);
  if (!r.ok) {
    res.writeHead(r.status, { "content-type": "text/plain" }).end(r.text);
    return;
  }
  const options = upstreamOptions(req, r.target, config);
  for (const h of ["connection", "keep-alive", "proxy-connection", "upgrade"]) delete options.headers[h];
  const up = request({ ...options, agent: keepAlive, method: req.method, path: req.url }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  up.on("error", (err: NodeJS.ErrnoException) => {
    const refused = err.code === "ECONNREFUSED" || err.code === "ENOENT";
    if (!res.headersSent) {
      res
        .writeHead(502, {
          "content-type": "text/plain",
          [UPSTREAM_ERROR_HEADER]: refused ? "refused" : "error",
        })
        .end(refused ? "Nothing is listening" : "Upstream failed");
    } else res.destroy();
  });
  req.pipe(up);
}

export function proxyUpstreamUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  config: UpstreamConfig,
): void {
  const r = route(req, config);
  if (!r.ok) rawReply(socket, r.status, r.text);
  else pipeUpgrade(req, socket, head, upstreamOptions(req, r.target, config));
}
