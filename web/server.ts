// The custom server: Next.js pages and API routes, socket.io for live workspace events, and (from the
// lifecycle module) the same-origin IDE proxy. `tsx web/server.ts` runs it; NODE_ENV picks dev or prod.
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { ConfigError, config } from "./server/config";
import { handleIdeRequest, handleIdeUpgrade } from "./server/proxy/ide-proxy";
import { attachRealtime } from "./server/realtime/io";
import { startIdleReaper } from "./server/workspaces/idle";
import { startReconciler } from "./server/workspaces/reconcile";
import { startStatsPublisher } from "./server/workspaces/stats";

async function main() {
  let c: ReturnType<typeof config>;
  try {
    c = config();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n${err.message}\n\nSee .env.example for every setting.`);
      process.exit(2);
    }
    throw err;
  }

  const dev = process.env.NODE_ENV !== "production";
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const app = next({ dev, dir, hostname: c.HOST, port: c.PORT });
  await app.prepare();
  const handleRequest = app.getRequestHandler();
  const handleUpgrade = app.getUpgradeHandler();

  const server = createServer((req, res) => {
    // Pages read this to send signed-out visitors back where they were after sign-in.
    req.headers["x-kalpana-path"] = req.url ?? "/";
    if (handleIdeRequest(req, res)) return;
    handleRequest(req, res).catch((err) => {
      console.error("[http] request failed", err);
      if (!res.headersSent) res.writeHead(500).end("Internal error");
    });
  });
  const realtime = attachRealtime(server);
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io/")) return; // socket.io answers its own upgrades
    if (handleIdeUpgrade(req, socket, head)) return;
    handleUpgrade(req, socket, head);
  });

  // Docker may have changed while we were down: reconcile before and while serving.
  const stopReconciler = startReconciler();
  const stopIdleReaper = startIdleReaper();
  const stopStats = startStatsPublisher();

  server.listen(c.PORT, c.HOST, () => {
    console.log(`\nKalpana is running: ${c.publicUrl}`);
    if (c.githubConfigured) console.log("Sign in with GitHub on that page.");
    if (c.localSignIn) {
      console.log(
        "Local sign-in is on: create an account with any email and a password (8+ characters) on that page.",
      );
    }
  });

  const shutdown = () => {
    console.log("Shutting down…");
    stopReconciler();
    stopIdleReaper();
    stopStats();
    realtime.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error("Kalpana failed to start:", err);
  process.exit(1);
});
