import type { ServerResponse } from "node:http";
import { checkHealth } from "./checks";

/** 200 when every check passes, 503 otherwise; the body says which. Never cached. */
export async function handleHealthz(res: ServerResponse): Promise<void> {
  const h = await checkHealth();
  const body = { status: h.ok ? "ok" : "failing", checks: h.checks };
  res
    .writeHead(h.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}
