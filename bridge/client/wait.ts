import { BridgeError } from "./errors";

/** Poll `GET <url>/healthz` until it answers 200 or `timeoutMs` passes (container start-up). */
export async function waitForBridge(url: string, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const healthz = new URL("/healthz", url).toString();
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(healthz, {
        signal: AbortSignal.timeout(Math.max(100, Math.min(2000, deadline - Date.now()))),
      });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new BridgeError("EUNAVAILABLE", `bridge at ${url} not healthy after ${timeoutMs} ms (${last})`);
}
