// Next loads an app route's module on the route's first request: for the chat route (the AI SDK,
// the provider, the agent's tools) that is half a second of compiling on the event loop, which the
// first chats after a start paid while every other request and socket waited behind them. Asking
// each such route once, signed out, right after listening loads it then; the answer (401) is dropped.
import { request } from "node:http";
import { logger } from "../log/log";

const log = logger("server");

/** The agent's routes (any id: the module is the same for all, and a signed-out call touches no row). */
export const WARM_ROUTES = ["/api/workspaces/warm-up/threads", "/api/workspaces/warm-up/chat"];

/** One signed-out POST per path to this server, one after another; failures are only logged. */
export async function warmUpRoutes(
  listen: { host: string; port: number },
  appHost: string,
  paths = WARM_ROUTES,
): Promise<void> {
  // A wildcard address is reached on loopback; a specific one only on itself.
  const host = ["", "0.0.0.0", "::"].includes(listen.host) ? "127.0.0.1" : listen.host;
  for (const path of paths) {
    const started = performance.now();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host, port: listen.port, path, method: "POST", headers: { host: appHost }, timeout: 30_000 },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", reject);
        req.end();
      });
      log.debug({ path, status, ms: Math.round(performance.now() - started) }, "route warmed up");
    } catch (err) {
      log.warn({ path, err: (err as Error).message }, "route warm-up failed");
    }
  }
}
