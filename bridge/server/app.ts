import { spawn } from "node:child_process";
import * as fsp from "node:fs/promises";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Server } from "socket.io";
import { JobTable } from "../ops/exec/jobs";
import { installAskpass } from "../ops/git/askpass";
import { MAX_PAYLOAD_BYTES } from "../protocol/index";
import { secretMatches } from "./auth";
import type { BridgeConfig } from "./config";
import { attachConnection } from "./dispatch";
import { EditorHub, startEditorRelay } from "./editor-relay";
import { CredentialProviders, startCredentialRelay } from "./git-credential-relay";
import { log } from "./log";
import { isUpstreamRequest, proxyUpstream, proxyUpstreamUpgrade } from "./upstream";

export interface RunningBridge {
  port: number;
  http: HttpServer;
  io: Server;
  close(): Promise<void>;
}

/** HTTP (`GET /healthz`) + socket.io on one port. The secret is checked before any event is read. */
export async function startBridge(config: BridgeConfig, secret: string): Promise<RunningBridge> {
  const root = await fsp.realpath(config.root);
  const askpassPath = await installAskpass();
  const jobs = new JobTable();
  const providers = new CredentialProviders();
  const relay = config.gitCredentialDir
    ? await startCredentialRelay(config.gitCredentialDir, providers)
    : null;
  const editor = new EditorHub();
  const editorRelay = config.editorDir ? await startEditorRelay(config.editorDir, editor) : null;
  const upstream = { secret, ideSocket: config.ideSocket };
  const http = createServer((req, res) => {
    if (isUpstreamRequest(req)) return proxyUpstream(req, res, upstream);
    if (req.method === "GET" && req.url?.split("?")[0] === "/healthz") {
      // Open on purpose (readiness probes) and so it says nothing: no version, no uptime.
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
      return;
    }
    if (!req.url?.startsWith("/socket.io/")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: { code: "ENOENT", message: "not found" } }));
    }
  });
  const io = new Server(http, {
    serveClient: false,
    // Room for a 12 MiB write after base64/JSON overhead; larger frames close that connection only.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // Other upgrades are the authenticated front's (code-server and dev server WebSockets).
    destroyUpgrade: false,
  });
  http.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io/") && !isUpstreamRequest(req)) return; // socket.io's own
    proxyUpstreamUpgrade(req, socket, head, upstream);
  });
  io.use((socket, next) => {
    const given = (socket.handshake.auth as { secret?: unknown } | undefined)?.secret;
    if (secretMatches(secret, given)) return next();
    // Log who tried, never what they sent.
    log("warn", "auth refused", { remote: socket.handshake.address, hadSecret: typeof given === "string" });
    next(Object.assign(new Error("EAUTH: bridge secret missing or wrong"), { data: { code: "EAUTH" } }));
  });
  const base = {
    root,
    fs: fsp,
    spawn,
    execMaxTimeoutMs: config.execMaxTimeoutMs,
    bridgePort: config.port,
    rgPath: config.rgPath,
    gitPath: config.gitPath,
    askpassPath,
    checkpointDir: config.checkpointDir,
    envDir: config.envDir,
    envRealiser: config.envRealiser,
    jobs,
    editor,
  };
  io.on("connection", (socket) => {
    log("info", "connected", { id: socket.id, remote: socket.handshake.address });
    attachConnection(socket, base);
    // The web server's long-lived client says so in its handshake (bridge/client connectBridge).
    if ((socket.handshake.auth as { gitCredentials?: unknown }).gitCredentials === true)
      providers.add(socket);
    // ...and whether it wants the editor extension's reports pushed (the same client).
    if ((socket.handshake.auth as { editorContext?: unknown }).editorContext === true)
      editor.subscribe(socket);
    socket.on("disconnect", (reason) => log("info", "disconnected", { id: socket.id, reason }));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    port,
    http,
    io,
    close: async () => {
      jobs.killAll();
      await new Promise<void>((r) => io.close(() => r()));
      await relay?.close();
      await editorRelay?.close();
      await fsp.rm(path.dirname(askpassPath), { recursive: true, force: true });
    },
  };
}
