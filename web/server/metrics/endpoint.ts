// GET /metrics on the app host. Workspace counts and timings are operational data, not public:
// without KALPANA_METRICS_TOKEN the endpoint does not exist (404), with it a scrape must present
// that token as a bearer token (compared in constant time).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../log/log";
import { metrics } from "./metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  // Hashing first gives equal lengths, so the comparison leaks neither content nor length.
  return Boolean(m?.[1]) && timingSafeEqual(digest(m![1]!.trim()), digest(token));
}

export async function handleMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined) {
  if (!token || (req.method !== "GET" && req.method !== "HEAD")) {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    return;
  }
  if (!tokenMatches(req.headers.authorization, token)) {
    res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("Unauthorized");
    return;
  }
  try {
    const body = await metrics.registry.metrics();
    res
      .writeHead(200, { "content-type": metrics.registry.contentType, "cache-control": "no-store" })
      .end(body);
  } catch (err) {
    logger("metrics").error({ err }, "metrics scrape failed");
    res.writeHead(500, { "content-type": "text/plain" }).end("Metrics unavailable");
  }
}
