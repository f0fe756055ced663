// The custom server: Next.js pages and API routes, socket.io for live workspace events, and the
// workspace origins (IDE and port previews) proxied to each workspace's bridge. Requests are told
// apart by Host: the app's own host, a workspace origin, loopback (redirected to the app's URL), or
// anything else (refused, which also defeats DNS rebinding). `tsx web/server.ts` runs it.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import next from "next";
import { flushAudit } from "./server/audit/audit";
import { ConfigError, config } from "./server/config";
import { drainWorkspaces } from "./server/faults/drain";
import { startGitCredentials } from "./server/git-credentials/service";
import { handleHealthz } from "./server/health/endpoint";
import { refusal, refuse, setAppHeaders } from "./server/http/app-guard";
import { stampClientIp } from "./server/http/client-ip";
import { warmUpRoutes } from "./server/http/warm-up";
import { withLogContext } from "./server/log/context";
import { logger } from "./server/log/log";
import { handleMetrics } from "./server/metrics/endpoint";
import { metrics } from "./server/metrics/metrics";
import { routeGroup } from "./server/metrics/route-group";
import { classifyHost } from "./server/origins";
import { handleIdeRequest, handleIdeUpgrade, redirectOpen } from "./server/proxy/ide-proxy";
import { handleOpen, matchOpenPath } from "./server/proxy/open";
import { handleWorkspaceRequest, handleWorkspaceUpgrade } from "./server/proxy/workspace-origin";
import { attachRealtime } from "./server/realtime/io";
import { startIdleReaper } from "./server/workspaces/idle";
import { startReconciler } from "./server/workspaces/reconcile";
import { startStatsPublisher } from "./server/workspaces/stats";

const log = logger("server");

async function main() {
  let c: ReturnType<typeof config>;
  try {
    c = config();
  } catch (err) {
    if (err instanceof ConfigError) {
      // Plain text on stderr, not a JSON line: the person starting the server must read this one.
      process.stderr.write(`\n${err.message}\n\nSee .env.example for every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
  const o = c.origins;

  const dev = process.env.NODE_ENV !== "production";
  const dir = path.dirname(fileURLToPath(import.meta.url));
  // Left to itself, Next hooks its own "upgrade" listener onto the server of its first request, and
  // that listener then sees every upgrade, workspace origins' included (it hung up a preview's "/").
  // Handing it a server that never listens keeps upgrades ours: Next gets only the app's, below.
  const app = next({ dev, dir, hostname: c.HOST, port: c.PORT, httpServer: createServer() });
  await app.prepare();
  const handleRequest = app.getRequestHandler();
  const handleUpgrade = app.getUpgradeHandler();
  // Never listens: the app host's /socket.io/ traffic is handed to it, and nothing else.
  const realtimeServer = createServer();
  const realtime = attachRealtime(realtimeServer, o.app);

  const failed = (res: ServerResponse, what: string) => (err: unknown) => {
    log.error({ err }, `${what} failed`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal error");
    else res.destroy();
  };

  function onAppRequest(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? "/";
    setAppHeaders(res, url);
    const refused = refusal(req, o.app);
    if (refused) return refuse(res, refused);
    if (url.startsWith("/socket.io/")) return void realtimeServer.emit("request", req, res);
    // Answered here, not by Next: health must not depend on the app, and neither needs a session.
    if (url === "/api/healthz" || url.startsWith("/api/healthz?"))
      return void handleHealthz(res).catch(failed(res, "health check"));
    if (url === "/metrics" || url.startsWith("/metrics?"))
      return void handleMetrics(req, res, c.KALPANA_METRICS_TOKEN).catch(failed(res, "metrics"));
    // Path mode: /w/<id>/ide/... is the IDE itself; the open routes are plain redirects there.
    if (o.sameOriginIde && handleIdeRequest(req, res)) return;
    const open = matchOpenPath(url);
    if (open && o.sameOriginIde) return redirectOpen(req, res, open);
    if (open) return void handleOpen(req, res, open).catch(failed(res, "open"));
    // Pages read this to send signed-out visitors back where they were after sign-in.
    req.headers["x-kalpana-path"] = url;
    handleRequest(req, res).catch(failed(res, "request"));
  }

  // Every request gets its own id (never a client's): echoed as x-request-id and on every log line
  // written while it is handled, however deep (log/context.ts).
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    withLogContext({ requestId }, () => route(req, res));
  });

  function route(req: IncomingMessage, res: ServerResponse) {
    stampClientIp(req); // first: sign-in rate limits key on this, never on a client-sent header
    const host = classifyHost(o, req.headers.host);
    const started = performance.now();
    const group = routeGroup(host.kind, req.url ?? "/");
    res.once("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      const method = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].includes(req.method ?? "")
        ? req.method!
        : "other";
      metrics.http.observe({ route: group, method, status: String(res.statusCode) }, seconds);
      log.debug(
        { route: group, method, status: res.statusCode, ms: Math.round(seconds * 1000) },
        "request done",
      );
    });
    if (host.kind === "app") return onAppRequest(req, res);
    if (host.kind === "ide" || host.kind === "preview")
      return void handleWorkspaceRequest(req, res, host).catch(failed(res, "workspace request"));
    if (host.kind === "loopback" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(308, { location: `${o.app}${req.url ?? "/"}` }).end();
      return;
    }
    res.writeHead(421, { "content-type": "text/plain" }).end(`Kalpana answers on ${o.app}`);
  }

  // Upgraded sockets (IDE, previews, socket.io) are no longer the http server's: shutdown ends them.
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    const host = classifyHost(o, req.headers.host);
    if (host.kind === "ide" || host.kind === "preview") {
      handleWorkspaceUpgrade(req, socket, head, host).catch((err) => {
        log.error({ err, workspaceId: host.id }, "workspace upgrade failed");
        socket.destroy();
      });
      return;
    }
    if (host.kind !== "app") return socket.destroy();
    if (req.url?.startsWith("/socket.io/")) return void realtimeServer.emit("upgrade", req, socket, head);
    if (o.sameOriginIde && handleIdeUpgrade(req, socket, head)) return;
    handleUpgrade(req, socket, head);
  });

  // Docker may have changed while we were down: reconcile before and while serving.
  const stopReconciler = startReconciler(c.KALPANA_RECONCILE_SEC * 1000);
  const stopIdleReaper = startIdleReaper();
  const stopStats = startStatsPublisher();
  // Terminal git asks for the person's token through each running workspace's bridge.
  const stopGitCredentials = startGitCredentials();

  server.listen(c.PORT, c.HOST, () => {
    log.info({ url: c.publicUrl }, `Kalpana is running: ${c.publicUrl}`);
    void warmUpRoutes({ host: c.HOST, port: c.PORT }, o.appHost);
    if (o.sameOriginIde) {
      log.warn(
        "WARNING: KALPANA_UNSAFE_SAME_ORIGIN_IDE=1: VS Code and port previews run on the app's own origin.\n" +
          "Anything a workspace serves (a dev server, an extension) can act as whoever opens it. Use this only\n" +
          "for a trusted single-user install; see docs/SECURITY.md.",
      );
    } else {
      log.info(`Workspaces open on ${o.scheme}://<id>.${o.workspaceDomain}${o.portSuffix}`);
    }
    if (c.githubConfigured) log.info("Sign in with GitHub on that page.");
    if (c.localSignIn) {
      log.info(
        "Local sign-in is on: create an account with any email and a password (8+ characters) on that page.",
      );
    }
  });

  // Graceful: stop accepting, let requests in flight finish (up to the grace period), settle every
  // workspace this process was starting or stopping, close bridge and browser sockets, then exit.
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const graceMs = c.KALPANA_SHUTDOWN_GRACE_SEC * 1000;
    log.info({ signal, graceMs }, "Shutting down: finishing requests in flight");
    setTimeout(() => {
      log.error("shutdown did not finish: exiting anyway");
      process.exit(1);
    }, graceMs + 15_000).unref();
    stopReconciler();
    stopIdleReaper();
    stopStats();
    stopGitCredentials();
    // close() refuses new connections and ends idle keep-alive ones; busy ones end after their response.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    realtime.close();
    for (const socket of upgraded) socket.destroy();
    const drained = drainWorkspaces().catch((err) => log.error({ err }, "settling workspaces failed"));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), graceMs);
    });
    if ((await Promise.race([closed, grace])) === "timeout") {
      log.warn("grace period over: closing the requests still in flight");
      server.closeAllConnections();
    }
    clearTimeout(timer);
    const settled = await drained;
    await flushAudit(); // the agent's queued audit events (audit/audit.ts)
    log.info({ settled: settled?.settled.length ?? 0 }, "Shut down");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  log.fatal({ err }, "Kalpana failed to start");
  process.exit(1);
});
